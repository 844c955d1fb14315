"""Roles, page permissions and workflows, declared in one place.

``bootstrap_roles`` makes the database match these declarations (idempotent: running it twice leaves
the same groups, permissions and workflows). The rule behind every line: each group gets the rights
its job needs and no more — in particular nobody who writes content also publishes it unless
publishing is their job, so review cannot be bypassed.

Page permissions are granted on section pages (the ``SectionIndexPage`` of each section, in every
language tree), so they cover everything below. Organisation groups (one per charity, created with
the disclosures issue) use ``grant_page_permissions`` on their own OrganisationPage with
``ORGANISATION_PAGE_PERMISSIONS``: add and edit, never publish.

See docs/roles-and-workflows.md for the matrix in prose.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

SITE_ADMINS = "站点管理员"
CIVIL_AFFAIRS_REVIEWERS = "民政局审核员"
PROPAGANDA_EDITORS = "宣传部编辑"
PROPAGANDA_APPROVERS = "宣传部审批人"
AWARD_COMMITTEE_MEMBERS = "评审委员会委员"
AWARD_COMMITTEE_CHAIR = "评审委员会主任"

# Groups whose members see the public's personal data (reports of concern, nominations and objections
# with contacts, policy comments with names): only a superuser puts anyone in them, and their members
# (and superusers) sign in with a second factor (docs/security.md).
PERSONAL_DATA_GROUPS = (CIVIL_AFFAIRS_REVIEWERS, AWARD_COMMITTEE_MEMBERS, AWARD_COMMITTEE_CHAIR)

MANAGED_GROUPS = [
    SITE_ADMINS,
    CIVIL_AFFAIRS_REVIEWERS,
    PROPAGANDA_EDITORS,
    PROPAGANDA_APPROVERS,
    AWARD_COMMITTEE_MEMBERS,
    AWARD_COMMITTEE_CHAIR,
]

ALL_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
WRITER_PAGE_PERMISSIONS = ("add", "change", "lock")
PUBLISHER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# An organisation's own users: write and submit for review, never publish.
ORGANISATION_PAGE_PERMISSIONS = ("add", "change", "lock")

# Section page model → {group: page permissions on that section}.
SECTION_PAGE_PERMISSIONS = {
    "home.HomePage": {SITE_ADMINS: ALL_PAGE_PERMISSIONS},
    "disclosures.DisclosureIndexPage": {CIVIL_AFFAIRS_REVIEWERS: PUBLISHER_PAGE_PERMISSIONS},
    "policies.PolicyIndexPage": {CIVIL_AFFAIRS_REVIEWERS: PUBLISHER_PAGE_PERMISSIONS},
    "stories.StoryIndexPage": {
        PROPAGANDA_EDITORS: WRITER_PAGE_PERMISSIONS,
        PROPAGANDA_APPROVERS: PUBLISHER_PAGE_PERMISSIONS,
    },
    "awards.AwardIndexPage": {AWARD_COMMITTEE_CHAIR: PUBLISHER_PAGE_PERMISSIONS},
    "oversight.OversightIndexPage": {CIVIL_AFFAIRS_REVIEWERS: PUBLISHER_PAGE_PERMISSIONS},
}

CIVIL_AFFAIRS_REVIEW = "民政局审核流程"
EDITORIAL_APPROVAL = "宣传部审批流程"

# Workflow name → (task name, approving groups).
WORKFLOWS = {
    CIVIL_AFFAIRS_REVIEW: ("民政局审核", [CIVIL_AFFAIRS_REVIEWERS]),
    EDITORIAL_APPROVAL: ("宣传部审批", [PROPAGANDA_APPROVERS]),
}

# Section page model → workflow. The home page's workflow covers the standard pages and anything
# without a closer assignment (Wagtail uses the nearest ancestor's workflow).
SECTION_WORKFLOWS = {
    "home.HomePage": EDITORIAL_APPROVAL,
    "stories.StoryIndexPage": EDITORIAL_APPROVAL,
    "disclosures.DisclosureIndexPage": CIVIL_AFFAIRS_REVIEW,
    "policies.PolicyIndexPage": CIVIL_AFFAIRS_REVIEW,
    "oversight.OversightIndexPage": CIVIL_AFFAIRS_REVIEW,
}

# Top-level media collections, one per section, so uploads stay with the people who own them.
SECTION_COLLECTIONS = {
    "信息公开": [CIVIL_AFFAIRS_REVIEWERS],
    "政策文件": [CIVIL_AFFAIRS_REVIEWERS],
    "慈善文化": [PROPAGANDA_EDITORS, PROPAGANDA_APPROVERS],
    "婺城慈善奖": [AWARD_COMMITTEE_CHAIR],
}
COLLECTION_PERMISSIONS = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
)
ALL_COLLECTION_PERMISSIONS = COLLECTION_PERMISSIONS + (
    "wagtaildocs.delete_document",
    "wagtailimages.delete_image",
)

# Non-page permissions ("app_label.codename") each group holds.
_ADMIN = ["wagtailadmin.access_admin"]
_TRANSLATE = ["wagtail_localize.submit_translation"]
# Civil-affairs staff keep the policy tracker and moderate public comments (policies/).
_POLICY_TRACKING = [
    "policies.add_taskstatusupdate",
    "policies.change_taskstatusupdate",
    "policies.delete_taskstatusupdate",
    "policies.add_policyindicator",
    "policies.change_policyindicator",
    "policies.delete_policyindicator",
    "policies.view_policycomment",
    "policies.change_policycomment",
]
# Only civil-affairs staff see and handle reports of concern and keep the serious-violation list (oversight/).
_OVERSIGHT = [
    "oversight.view_report",
    "oversight.change_report",
    "oversight.add_seriousviolationentry",
    "oversight.change_seriousviolationentry",
    "oversight.delete_seriousviolationentry",
]
MODEL_PERMISSIONS = {
    SITE_ADMINS: _ADMIN
    + _TRANSLATE
    + [
        "home.change_sitesettings",
        "home.change_navigationsettings",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "wagtailsearchpromotions.add_searchpromotion",
        "wagtailsearchpromotions.change_searchpromotion",
        "wagtailsearchpromotions.delete_searchpromotion",
        "search.add_searchsynonym",
        "search.change_searchsynonym",
        "search.delete_searchsynonym",
    ],
    CIVIL_AFFAIRS_REVIEWERS: _ADMIN + _TRANSLATE + _POLICY_TRACKING + _OVERSIGHT,
    PROPAGANDA_EDITORS: _ADMIN + _TRANSLATE + ["home.change_navigationsettings"],
    PROPAGANDA_APPROVERS: _ADMIN + _TRANSLATE + ["home.change_navigationsettings"],
    # Nomination review (awards.permissions): members see what is assigned to them, the chair all.
    AWARD_COMMITTEE_MEMBERS: _ADMIN + ["awards.review_nomination"],
    AWARD_COMMITTEE_CHAIR: _ADMIN + _TRANSLATE + ["awards.decide_nomination"],
}


def permission(dotted):
    """The Permission named "app_label.codename"."""
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{codename}_page")


def section_models():
    return [apps.get_model(label) for label in SECTION_PAGE_PERMISSIONS]


def grant_page_permissions(group, page, codenames):
    """Give ``group`` exactly the page permissions ``codenames`` on ``page``'s subtree."""
    wanted = {_page_permission(codename) for codename in codenames}
    current = GroupPagePermission.objects.filter(group=group, page=page)
    current.exclude(permission__in=wanted).delete()
    for wanted_permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=wanted_permission)


def _workflow(name):
    task_name, group_names = WORKFLOWS[name]
    task, _ = GroupApprovalTask.objects.get_or_create(name=task_name)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(Group.objects.filter(name__in=group_names))
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def apply_section_roles(page):
    """Grant the section's groups their rights on ``page`` and assign its workflow.

    Called by ``bootstrap_roles`` for every section page and, through a signal, whenever a section
    page (or a translation of one) is created, so a new language tree is covered at once.
    Groups that do not exist yet are skipped: ``bootstrap_roles`` creates them.
    """
    page = page.specific
    label = page._meta.label
    for group_name, codenames in SECTION_PAGE_PERMISSIONS.get(label, {}).items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            grant_page_permissions(group, page, codenames)
    workflow_name = SECTION_WORKFLOWS.get(label)
    if workflow_name and Workflow.objects.filter(name=workflow_name).exists():
        workflow = _workflow(workflow_name)
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def _collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


@transaction.atomic
def bootstrap():
    """Create or update every managed group, collection, workflow and section assignment."""
    groups = {}
    for name in MANAGED_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(dotted) for dotted in MODEL_PERMISSIONS[name]])
        groups[name] = group

    for name in WORKFLOWS:
        _workflow(name)

    # Page permissions: the managed groups hold exactly what is declared, on section pages only.
    section_pages = [page for model in section_models() for page in model.objects.all().order_by("path")]
    wanted_pages = {
        (group_name, page.pk)
        for page in section_pages
        for group_name in SECTION_PAGE_PERMISSIONS[page._meta.label]
    }
    for grant in GroupPagePermission.objects.filter(group__name__in=MANAGED_GROUPS).select_related("group"):
        if (grant.group.name, grant.page_id) not in wanted_pages:
            grant.delete()
    for page in section_pages:
        apply_section_roles(page)

    # Collections: site administrators manage all media; each section's groups their own.
    root = Collection.get_first_root_node()
    _set_collection_permissions(groups[SITE_ADMINS], root, ALL_COLLECTION_PERMISSIONS)
    collection_grants = {groups[SITE_ADMINS].pk: {root.pk}}
    for collection_name, group_names in SECTION_COLLECTIONS.items():
        collection = _collection(collection_name)
        for group_name in group_names:
            _set_collection_permissions(groups[group_name], collection, COLLECTION_PERMISSIONS)
            collection_grants.setdefault(groups[group_name].pk, set()).add(collection.pk)
    for grant in GroupCollectionPermission.objects.filter(group__name__in=MANAGED_GROUPS):
        if grant.collection_id not in collection_grants.get(grant.group_id, set()):
            grant.delete()

    return {
        "groups": len(groups),
        "section_pages": len(section_pages),
        "workflows": len(WORKFLOWS),
    }


def _set_collection_permissions(group, collection, dotted_names):
    wanted = {permission(dotted) for dotted in dotted_names}
    GroupCollectionPermission.objects.filter(group=group, collection=collection).exclude(
        permission__in=wanted
    ).delete()
    for wanted_permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=wanted_permission
        )
