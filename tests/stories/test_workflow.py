"""The editorial approval workflow on stories: editors write and submit, only approvers publish."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import roles
from stories.models import CampaignPage, StoryPage
from tests.factories import login, make_user
from tests.stories.factories import add_story

# Who may publish a story directly (the site administrators hold every right on the home page).
CAN_PUBLISH = {
    roles.SITE_ADMINS: True,
    roles.PROPAGANDA_APPROVERS: True,
    roles.PROPAGANDA_EDITORS: False,
    roles.CIVIL_AFFAIRS_REVIEWERS: False,
    roles.AWARD_COMMITTEE_CHAIR: False,
    roles.AWARD_COMMITTEE_MEMBERS: False,
}
CAN_EDIT = {
    roles.SITE_ADMINS: True,
    roles.PROPAGANDA_APPROVERS: True,
    roles.PROPAGANDA_EDITORS: True,
    roles.CIVIL_AFFAIRS_REVIEWERS: False,
    roles.AWARD_COMMITTEE_CHAIR: False,
    roles.AWARD_COMMITTEE_MEMBERS: False,
}


def story_form(title, slug, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "编辑写的摘要",
            "date": "2026-11-20",
            "category": "volunteering",
            "tags": "志愿服务",
            "author": "编辑",
            "source": "",
            "source_url": "",
            "body": streamfield([("paragraph", rich_text("<p>编辑写的正文，等待审批。</p>"))]),
            "subjects": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("group", list(CAN_PUBLISH))
def test_only_approvers_and_site_admins_may_publish_a_story(stories_index, group):
    user = make_user(f"role-{list(CAN_PUBLISH).index(group)}", group)
    story = add_story(stories_index, "权限矩阵里的故事", publish=False)
    rights = story.permissions_for_user(user)
    assert rights.can_publish() is CAN_PUBLISH[group]
    assert rights.can_edit() is CAN_EDIT[group]


@pytest.mark.django_db
def test_stories_and_campaigns_follow_the_editorial_approval_workflow(stories_index):
    story = add_story(stories_index, "工作流里的故事", publish=False)
    campaign = CampaignPage(
        title="工作流里的活动", slug="workflow-campaign", intro="摘要", start_date="2026-09-05"
    )
    stories_index.add_child(instance=campaign)
    for page in (story, campaign):
        assert page.get_workflow().name == roles.EDITORIAL_APPROVAL, type(page).__name__


@pytest.mark.django_db
def test_editor_cannot_publish_a_story(client, stories_index):
    editor = make_user("story-editor", roles.PROPAGANDA_EDITORS)
    login(client, editor)
    response = client.post(
        add_url(stories_index), story_form("编辑想直接发布", "editor-publish", **{"action-publish": "1"})
    )
    assert response.status_code in (200, 302, 403)
    story = StoryPage.objects.filter(slug="editor-publish").first()
    assert story is None or not story.live
    assert "编辑想直接发布" not in client.get(stories_index.url).content.decode()


@pytest.mark.django_db
def test_editor_submits_and_approver_approves_then_the_story_is_live(client, stories_index):
    editor = make_user("story-editor2", roles.PROPAGANDA_EDITORS)
    approver = make_user("story-approver", roles.PROPAGANDA_APPROVERS)

    login(client, editor)
    response = client.post(
        add_url(stories_index), story_form("待审批的志愿故事", "awaiting", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="awaiting")
    assert not story.live
    state = story.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == roles.EDITORIAL_APPROVAL
    assert "待审批的志愿故事" not in client.get(stories_index.url).content.decode()

    # The editor cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk])
    client.post(approve_url, {"comment": ""})
    assert not StoryPage.objects.get(pk=story.pk).live

    client.logout()
    login(client, approver)
    response = client.post(approve_url, {"comment": "同意发布"})
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live
    assert story.current_workflow_state is None or story.current_workflow_state.status != "in_progress"
    assert "待审批的志愿故事" in client.get(stories_index.url).content.decode()


@pytest.mark.django_db
def test_approver_can_reject_and_the_story_stays_unpublished(client, stories_index):
    editor = make_user("story-editor3", roles.PROPAGANDA_EDITORS)
    approver = make_user("story-approver2", roles.PROPAGANDA_APPROVERS)
    login(client, editor)
    client.post(
        add_url(stories_index), story_form("需要修改的故事", "needs-changes", **{"action-submit": "1"})
    )
    story = StoryPage.objects.get(slug="needs-changes")
    task_state = story.current_workflow_state.current_task_state
    client.logout()
    login(client, approver)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "reject", task_state.pk]),
        {"comment": "请补充图片说明"},
    )
    story.refresh_from_db()
    assert not story.live
    assert story.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
