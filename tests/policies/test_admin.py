"""Civil-affairs staff keep the tracker in the admin; other roles cannot."""

import pytest

from accounts import roles
from policies.models import PolicyIndicator, TaskStatusUpdate
from tests.factories import login, make_user
from tests.policies.factories import TASK_UNTOUCHED

TRACKER_URLS = [
    "/admin/snippets/policies/taskstatusupdate/",
    "/admin/snippets/policies/taskstatusupdate/add/",
    "/admin/snippets/policies/policyindicator/",
    "/admin/snippets/policies/policyindicator/add/",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group, allowed", [(roles.CIVIL_AFFAIRS_REVIEWERS, True), (roles.PROPAGANDA_EDITORS, False)]
)
def test_tracker_admin_is_for_civil_affairs_staff(client, group, allowed):
    login(client, make_user("staff", group))
    for url in TRACKER_URLS:
        status = client.get(url).status_code
        assert (status == 200) is allowed, (url, status)


@pytest.mark.django_db
def test_reviewer_records_a_status_update_through_the_admin_and_it_is_logged(client, plan):
    from wagtail.models import ModelLogEntry

    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    task = plan.tasks.get(number=TASK_UNTOUCHED)
    response = client.post(
        "/admin/snippets/policies/taskstatusupdate/add/",
        {"task": task.pk, "status": "done", "date": "2026-11-01", "note": "已上线5个互联网公益项目。"},
    )
    assert response.status_code == 302, response.content[:500]
    update = TaskStatusUpdate.objects.get(task=task, note="已上线5个互联网公益项目。")
    assert ModelLogEntry.objects.filter(object_id=str(update.pk), action="wagtail.create").exists()


@pytest.mark.django_db
def test_indicator_on_an_english_page_is_refused(translated_plan):
    from django.core.exceptions import ValidationError

    indicator = PolicyIndicator(policy=translated_plan, name="x", target=1)
    with pytest.raises(ValidationError):
        indicator.full_clean()
