"""Roles and workflows from ``bootstrap_roles``: idempotent, least privilege, review not bypassable."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, WorkflowPage
from wagtail.test.utils.form_data import rich_text

from accounts import roles
from awards.models import AwardIndexPage
from disclosures.models import DisclosureIndexPage
from home.models import HomePage, StandardPage
from policies.models import PolicyIndexPage
from stories.models import StoryIndexPage
from tests.factories import login, make_user


def snapshot():
    """Everything bootstrap_roles manages, as comparable sets."""
    return {
        "groups": set(Group.objects.values_list("name", flat=True)),
        "model_permissions": set(
            Group.objects.values_list("name", "permissions__content_type__app_label", "permissions__codename")
        ),
        "page_permissions": set(
            GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")
        ),
        "collection_permissions": set(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        ),
        "workflows": set(WorkflowPage.objects.values_list("page_id", "workflow__name")),
    }


@pytest.mark.django_db
def test_bootstrap_roles_twice_leaves_the_same_groups_and_permissions():
    call_command("bootstrap_roles", stdout=StringIO())
    first = snapshot()
    call_command("bootstrap_roles", stdout=StringIO())
    assert snapshot() == first
    assert set(roles.MANAGED_GROUPS) <= first["groups"]


@pytest.mark.django_db
def test_bootstrap_roles_removes_permissions_granted_by_hand_to_managed_groups(home):
    editors = Group.objects.get(name=roles.PROPAGANDA_EDITORS)
    publish = roles._page_permission("publish")
    GroupPagePermission.objects.create(group=editors, page=home, permission=publish)
    call_command("bootstrap_roles", stdout=StringIO())
    assert not GroupPagePermission.objects.filter(group=editors, page=home).exists()


def page_rights(group_name, page):
    """The page permissions a group effectively holds on ``page`` (inherited from ancestors)."""
    ancestors = Page.objects.ancestor_of(page, inclusive=True)
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page__in=ancestors).values_list(
            "permission__codename", flat=True
        )
    )


SECTIONS = [DisclosureIndexPage, PolicyIndexPage, StoryIndexPage, AwardIndexPage, HomePage]

# Who may publish in each section (any other group must not).
PUBLISHERS = {
    DisclosureIndexPage: {roles.SITE_ADMINS, roles.CIVIL_AFFAIRS_REVIEWERS},
    PolicyIndexPage: {roles.SITE_ADMINS, roles.CIVIL_AFFAIRS_REVIEWERS},
    StoryIndexPage: {roles.SITE_ADMINS, roles.PROPAGANDA_APPROVERS},
    AwardIndexPage: {roles.SITE_ADMINS, roles.AWARD_COMMITTEE_CHAIR},
    HomePage: {roles.SITE_ADMINS},
}


@pytest.mark.django_db
def test_only_the_sections_publishers_hold_publish_rights_in_every_language(chinese, english):
    for model in SECTIONS:
        for locale in (chinese, english):
            page = model.objects.get(locale=locale)
            for group in roles.MANAGED_GROUPS:
                with pytest_subtest(model, locale, group):
                    can_publish = "publish_page" in page_rights(group, page)
                    assert can_publish == (group in PUBLISHERS[model])


class pytest_subtest:
    """Names the combination in the assertion message (pytest has no subTest of its own)."""

    def __init__(self, *labels):
        self.labels = labels

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is AssertionError:
            raise AssertionError(f"{self.labels}: {exc}") from exc
        return False


@pytest.mark.django_db
def test_workflows_are_assigned_to_their_sections_in_both_languages(chinese, english):
    expected = {
        DisclosureIndexPage: roles.CIVIL_AFFAIRS_REVIEW,
        PolicyIndexPage: roles.CIVIL_AFFAIRS_REVIEW,
        StoryIndexPage: roles.EDITORIAL_APPROVAL,
        HomePage: roles.EDITORIAL_APPROVAL,
    }
    for model, workflow_name in expected.items():
        for locale in (chinese, english):
            page = model.objects.get(locale=locale)
            assert page.get_workflow().name == workflow_name, (model.__name__, locale)


@pytest.mark.django_db
def test_civil_affairs_reviewers_approve_the_review_task():
    from wagtail.models import Workflow

    task = Workflow.objects.get(name=roles.CIVIL_AFFAIRS_REVIEW).tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {roles.CIVIL_AFFAIRS_REVIEWERS}


@pytest.mark.django_db
def test_a_new_section_translation_gets_its_roles_and_workflow(home, english):
    new_section = PolicyIndexPage(title="另一个政策栏目", slug="more-policies")
    home.add_child(instance=new_section)
    translated = new_section.copy_for_translation(english)
    assert translated.get_workflow().name == roles.CIVIL_AFFAIRS_REVIEW
    assert "publish_page" in page_rights(roles.CIVIL_AFFAIRS_REVIEWERS, translated)


def post_story_edit(client, stories, title, action):
    """The admin edit form of the story section page, as the browser posts it, with ``action``."""
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[stories.pk]),
        {"title": title, "slug": stories.slug, "intro": rich_text("<p>改过的导语</p>"), action: action},
    )


@pytest.mark.django_db
def test_propaganda_editor_cannot_publish_a_story_section_page(client, chinese):
    editor = make_user("editor1", roles.PROPAGANDA_EDITORS)
    stories = StoryIndexPage.objects.get(locale=chinese)
    live_title = stories.title
    revision_before = stories.live_revision_id
    login(client, editor)
    response = post_story_edit(client, stories, "未经审批的标题", "action-publish")
    stories.refresh_from_db()
    assert response.status_code in (200, 302, 403)
    assert stories.title == live_title
    assert stories.live_revision_id == revision_before
    assert client.get(stories.url).content.decode().count("未经审批的标题") == 0


@pytest.mark.django_db
def test_propaganda_editor_cannot_edit_disclosures_or_policies(client, chinese):
    editor = make_user("editor2", roles.PROPAGANDA_EDITORS)
    login(client, editor)
    for model in (DisclosureIndexPage, PolicyIndexPage, AwardIndexPage):
        page = model.objects.get(locale=chinese)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code in (302, 403), model.__name__


@pytest.mark.django_db
def test_award_committee_member_has_no_page_rights(chinese):
    for model in SECTIONS:
        page = model.objects.get(locale=chinese)
        assert page_rights(roles.AWARD_COMMITTEE_MEMBERS, page) == set()


@pytest.mark.django_db
def test_an_organisation_style_group_edits_only_its_own_subtree(chinese):
    """The helper the disclosures issue uses: add/edit on one page, never publish, nothing elsewhere."""
    disclosures = DisclosureIndexPage.objects.get(locale=chinese)
    org_page = StandardPage(title="示例组织", slug="org")
    disclosures.add_child(instance=org_page)  # stands in for an OrganisationPage
    group = Group.objects.create(name="组织：示例")
    roles.grant_page_permissions(group, org_page, roles.ORGANISATION_PAGE_PERMISSIONS)
    assert page_rights(group.name, org_page) == {"add_page", "change_page", "lock_page"}
    assert page_rights(group.name, disclosures) == set()


@pytest.mark.django_db
def test_propaganda_approver_can_publish_the_same_request(client, chinese):
    """Control for the test above: the request itself is a valid publish when the right is held."""
    approver = make_user("approver1", roles.PROPAGANDA_APPROVERS)
    stories = StoryIndexPage.objects.get(locale=chinese)
    login(client, approver)
    post_story_edit(client, stories, "审批后的标题", "action-publish")
    stories.refresh_from_db()
    assert stories.title == "审批后的标题"


@pytest.mark.django_db
def test_editor_submission_goes_to_the_editorial_approval_workflow(client, chinese):
    editor = make_user("editor3", roles.PROPAGANDA_EDITORS)
    stories = StoryIndexPage.objects.get(locale=chinese)
    login(client, editor)
    post_story_edit(client, stories, "待审批的标题", "action-submit")
    stories.refresh_from_db()
    state = stories.current_workflow_state
    assert state is not None and state.workflow.name == roles.EDITORIAL_APPROVAL
    assert stories.title != "待审批的标题"  # still not live
    task = state.current_task_state.task.specific
    assert set(task.groups.values_list("name", flat=True)) == {roles.PROPAGANDA_APPROVERS}
