"""The civil-affairs reviewer's dashboard: submissions waiting in the review task, oldest first, with
how long each has waited; shown to reviewers only, in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from disclosures import dashboard
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_user, soup


def org_user(org):
    from django.contrib.auth.models import Group

    from disclosures.accounts import group_name

    return Group.objects.get(name=group_name(org)).user_set.get()


def submit(page, user, days_ago):
    """Submit ``page`` for review as ``user``, as if ``days_ago`` days ago."""
    state = page.get_workflow().start(page, user)
    task_state = state.current_task_state
    task_state.started_at = timezone.now() - datetime.timedelta(days=days_ago, hours=1)
    task_state.save(update_fields=["started_at"])
    return task_state


def queue(client):
    return soup(client.get(reverse("wagtailadmin_home"))).find(attrs={"data-dashboard": "review-queue"})


@pytest.fixture
def reviewer(db):
    return make_user("queue-reviewer", roles.CIVIL_AFFAIRS_REVIEWERS)


@pytest.mark.django_db
def test_reviewer_sees_the_queue_oldest_first_with_waiting_days(client, org_a, org_b, reviewer):
    submit(add_disclosure(org_a, "三天前提交", publish=False), org_user(org_a), 3)
    oldest = add_disclosure(org_b, "十天前提交", publish=False)
    submit(oldest, org_user(org_b), 10)
    submit(add_disclosure(org_a, "今天提交", publish=False), org_user(org_a), 0)
    login(client, reviewer)
    rows = queue(client).find("tbody").find_all("tr")
    assert [row.find("a").get_text() for row in rows] == ["十天前提交", "三天前提交", "今天提交"]
    assert [row.find(attrs={"data-waiting-days": True})["data-waiting-days"] for row in rows] == [
        "10",
        "3",
        "0",
    ]
    assert rows[0].find("a")["href"] == reverse("wagtailadmin_pages:edit", args=[oldest.pk])
    assert org_b.title in rows[0].get_text(), "the organisation is named"


@pytest.mark.django_db
def test_queue_leaves_out_returned_and_other_workflows(client, org_a, reviewer):
    returned = add_disclosure(org_a, "已退回", publish=False)
    task_state = submit(returned, org_user(org_a), 2)
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment="改")
    from stories.models import StoryIndexPage
    from tests.factories import section
    from tests.stories.factories import add_story

    story = add_story(section(StoryIndexPage), "宣传部的故事", publish=False)
    editor = make_user("queue-editor", roles.PROPAGANDA_EDITORS)
    story.get_workflow().start(story, editor)
    submit(add_disclosure(org_a, "待审核", publish=False), org_user(org_a), 1)
    login(client, reviewer)
    titles = [a.get_text() for a in queue(client).find("tbody").find_all("a")]
    assert titles == ["待审核"]


@pytest.mark.django_db
def test_queue_is_shown_to_reviewers_only(client, org_a):
    submit(add_disclosure(org_a, "待审核", publish=False), org_user(org_a), 1)
    for user in (
        org_user(org_a),
        make_user("q-editor", roles.PROPAGANDA_EDITORS),
        make_user("q-approver", roles.PROPAGANDA_APPROVERS),
        make_user("q-chair", roles.AWARD_COMMITTEE_CHAIR),
    ):
        login(client, user)
        assert queue(client) is None, user.username
        client.logout()


@pytest.mark.django_db
def test_queue_queries_are_bounded(org_a, reviewer, django_assert_max_num_queries):
    for n in range(dashboard.LIMIT + 3):
        submit(add_disclosure(org_a, f"待审核{n}", publish=False), org_user(org_a), n)
    panel = dashboard.ReviewQueuePanel(reviewer)
    # The states (with submitter), their pages (with the organisation's name), the total.
    with django_assert_max_num_queries(3):
        context = panel.get_context_data({})
    assert len(context["rows"]) == dashboard.LIMIT and context["total"] == dashboard.LIMIT + 3
    assert context["rows"][0]["title"] == f"待审核{dashboard.LIMIT + 2}"
