"""The propaganda department's dashboard: shortcuts to write and list stories and campaigns, and the
editor's own stories in moderation — for editors and approvers only, in a bounded number of queries."""

import pytest
from django.urls import reverse

from accounts import roles
from stories import dashboard
from tests.factories import login, make_user, soup
from tests.stories.factories import add_story


def panel(client):
    return soup(client.get(reverse("wagtailadmin_home"))).find(attrs={"data-dashboard": "stories"})


def submit(page, user):
    return page.get_workflow().start(page, user)


@pytest.mark.django_db
def test_editor_lands_on_shortcuts_that_open_the_story_and_campaign_forms(client, stories_index):
    login(client, make_user("d-editor", roles.PROPAGANDA_EDITORS))
    links = [a["href"] for a in panel(client).find(attrs={"data-list": "shortcuts"}).find_all("a")]
    assert reverse("wagtailadmin_pages:add", args=("stories", "storypage", stories_index.pk)) in links
    assert reverse("wagtailadmin_pages:add", args=("stories", "campaignpage", stories_index.pk)) in links
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_editor_sees_own_stories_in_moderation_and_returned_with_the_comment(client, stories_index):
    editor = make_user("d-editor", roles.PROPAGANDA_EDITORS)
    other = make_user("d-editor2", roles.PROPAGANDA_EDITORS)
    approver = make_user("d-approver", roles.PROPAGANDA_APPROVERS)
    submit(add_story(stories_index, "等待审批的故事", publish=False), editor)
    returned = add_story(stories_index, "退回的故事", publish=False)
    state = submit(returned, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "reject", comment="请补充图片说明")
    submit(add_story(stories_index, "别人的故事", publish=False), other)
    login(client, editor)
    text = panel(client).find(attrs={"data-list": "submissions"}).get_text()
    assert "等待审批的故事" in text and "退回的故事" in text and "请补充图片说明" in text
    assert "别人的故事" not in text


@pytest.mark.django_db
def test_stories_panel_is_for_the_propaganda_department_only(client, stories_index, org_a):
    login(client, make_user("d-approver", roles.PROPAGANDA_APPROVERS))
    assert panel(client) is not None
    for group in (roles.CIVIL_AFFAIRS_REVIEWERS, roles.AWARD_COMMITTEE_CHAIR, roles.AWARD_COMMITTEE_MEMBERS):
        client.logout()
        login(client, make_user(f"d-{len(group)}-{group}", group))
        assert panel(client) is None, group


@pytest.mark.django_db
def test_stories_panel_queries_are_bounded(stories_index, django_assert_max_num_queries):
    editor = make_user("d-editor", roles.PROPAGANDA_EDITORS)
    for n in range(dashboard.LIMIT + 2):
        submit(add_story(stories_index, f"故事{n}", publish=False), editor)
    panel_obj = dashboard.StoriesPanel(editor)
    # The section, the states, their titles (content types are cached after the first request).
    panel_obj.get_context_data({})
    with django_assert_max_num_queries(3):
        context = panel_obj.get_context_data({})
    assert len(context["submissions"]) == dashboard.LIMIT
