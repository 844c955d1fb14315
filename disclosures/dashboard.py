"""Admin dashboard panels of the disclosure section: the organisation's to-do list and the reviewer's
queue (docs/dashboards.md).

Thin glue: what is due or overdue comes from the Order 81 rules (``compliance``) fed by the same
rows as the profile and the e-mail reminders (``standing.disclosure_rows``); workflow states are
Wagtail's own. Each panel runs a fixed number of queries whatever the number of pages, and shows at
most ``LIMIT`` rows of each list with the total.
"""

from urllib.parse import urlencode

from django.db.models import CharField, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from accounts import roles
from accounts.permissions import ORGANISATION_GROUP_PREFIX

from . import compliance
from .compliance import ComplianceStatus, DisclosureType, ObligationCode
from .models import DisclosurePage, OrganisationPage
from .models.disclosure import outer_parent_path
from .standing import disclosure_rows, standing

DUE_WITHIN_DAYS = 60
LIMIT = 10

# What to file for an obligation (the type preselected in the add form). A plan's progress and
# results depend on the plan's type (``subject_key``); ``WITHIN_30_DAYS`` is met by the event's own
# disclosure, so it never shows as owed.
TYPE_FOR_OBLIGATION = {
    ObligationCode.ANNUAL_REPORT: DisclosureType.ANNUAL_REPORT,
    ObligationCode.FINANCIAL_REPORT: DisclosureType.FINANCIAL_REPORT,
    ObligationCode.AUDIT_REPORT: DisclosureType.AUDIT_REPORT,
    ObligationCode.MAJOR_PROJECTS: DisclosureType.PROJECT,
    ObligationCode.TRUST_YEARLY: DisclosureType.TRUST,
}
TYPE_FOR_PLAN_OBLIGATION = {
    (ObligationCode.PROGRESS, DisclosureType.FUNDRAISING_PLAN): DisclosureType.FUNDRAISING_PROGRESS,
    (ObligationCode.RESULTS, DisclosureType.FUNDRAISING_PLAN): DisclosureType.FUNDRAISING_RESULT,
    (ObligationCode.PROGRESS, DisclosureType.PROJECT): DisclosureType.PROJECT_PROGRESS,
    (ObligationCode.RESULTS, DisclosureType.PROJECT): DisclosureType.PROJECT_PROGRESS,
}
# Query parameters of the add form that ``preselect`` copies onto the new disclosure.
PRESELECTED_FIELDS = ("disclosure_type", "year", "related_disclosure")


def organisations_of(user):
    """The organisations (Chinese tree) whose account group ``user`` belongs to: at most one, as
    ``accounts.create_organisation_account`` allows, but a query either way."""
    if not user.is_authenticated:
        return OrganisationPage.objects.none()
    groups = user.groups.filter(name__startswith=ORGANISATION_GROUP_PREFIX)
    return OrganisationPage.objects.filter(
        locale__language_code="zh-hans", group_permissions__group__in=groups
    ).distinct()


def is_organisation_user(user):
    return user.is_authenticated and user.groups.filter(name__startswith=ORGANISATION_GROUP_PREFIX).exists()


def add_disclosure_url(organisation, disclosure_type="", year=None, related=None):
    """The admin's add form for a disclosure below ``organisation``, the type (and year, and the plan
    reported on) filled in by ``preselect``."""
    url = reverse("wagtailadmin_pages:add", args=("disclosures", "disclosurepage", organisation.pk))
    params = {
        name: value
        for name, value in (
            ("disclosure_type", disclosure_type),
            ("year", year),
            ("related_disclosure", related),
        )
        if value
    }
    return f"{url}?{urlencode(params)}" if params else url


def owed_items(organisation, rows, today, within_days=DUE_WITHIN_DAYS):
    """(overdue, due soon): the unmet obligations of ``organisation``, each a dict with what to show and
    the link that files it. The rules are ``compliance.upcoming_or_overdue``, as for the e-mails."""
    plan_types = {row.pk: row.disclosure_type for row in rows}
    obligations = standing(organisation, rows, today)["obligations"]
    overdue, soon = [], []
    for obligation in compliance.upcoming_or_overdue(obligations, today, within_days):
        code = obligation.code
        disclosure_type = TYPE_FOR_OBLIGATION.get(code) or TYPE_FOR_PLAN_OBLIGATION.get(
            (code, plan_types.get(obligation.subject_key))
        )
        yearly = code in TYPE_FOR_OBLIGATION and code != ObligationCode.TRUST_YEARLY
        item = {
            "label": ObligationCode(code).label,
            "subject": obligation.subject,
            "year": obligation.year,
            "due": obligation.due,
            "days": abs((obligation.due - today).days),
            "fix_url": add_disclosure_url(
                organisation,
                disclosure_type or "",
                obligation.year if yearly else None,
                obligation.subject_key,
            ),
        }
        (overdue if obligation.status == ComplianceStatus.MISSING else soon).append(item)
    overdue.sort(key=lambda item: item["due"])
    soon.sort(key=lambda item: item["due"])
    return overdue, soon


def _as_text(field):
    return Cast(field, output_field=CharField())


def returned_pages(organisation):
    """Pages below ``organisation`` whose submission the reviewer returned with changes requested,
    newest first, with the reviewer's comment (Wagtail's workflow state "needs changes": its current
    task state is the rejected one and carries the comment)."""
    pages = Page.objects.descendant_of(organisation, inclusive=True).annotate(text_pk=_as_text("pk"))
    return (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_NEEDS_CHANGES,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=pages.values("text_pk"),
        )
        .select_related("current_task_state", "current_task_state__finished_by")
        .order_by("-current_task_state__finished_at", "-pk")
    )


def draft_pages(organisation):
    """Pages below ``organisation`` with changes not yet published and not submitted (submitted ones
    wait for the reviewer; returned ones are listed with the comment)."""
    waiting = WorkflowState.objects.filter(
        status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    ).values("object_id")
    return (
        Page.objects.descendant_of(organisation, inclusive=True)
        .filter(has_unpublished_changes=True)
        .annotate(text_pk=_as_text("pk"))
        .exclude(text_pk__in=waiting)
        .order_by("-latest_revision_created_at", "-pk")
    )


class OrganisationTasksPanel(Component):
    """The organisation's to-do list: overdue and due within 60 days, drafts, and submissions returned
    with the reviewer's comment, each with the link that fixes it."""

    name = "disclosures_organisation_tasks"
    order = 50  # above Wagtail's own panels: this is what the account is for
    template_name = "disclosures/admin/dashboard_organisation.html"

    def __init__(self, organisation, today=None):
        self.organisation = organisation
        self.today = today

    def get_context_data(self, parent_context):
        today = self.today or timezone.localdate()
        organisation = self.organisation
        rows = list(disclosure_rows(organisation))
        overdue, soon = owed_items(organisation, rows, today)
        returned_states = list(returned_pages(organisation)[:LIMIT])
        drafts_query = draft_pages(organisation)
        drafts = list(drafts_query[:LIMIT])
        titles = dict(
            Page.objects.filter(pk__in=[int(state.object_id) for state in returned_states]).values_list(
                "pk", "title"
            )
        )
        returned = [
            {
                "title": titles.get(int(state.object_id), ""),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[state.object_id]),
                "comment": state.current_task_state.comment if state.current_task_state else "",
                "reviewer": state.current_task_state.finished_by if state.current_task_state else None,
                "returned_at": state.current_task_state.finished_at if state.current_task_state else None,
            }
            for state in returned_states
        ]
        return {
            "organisation": organisation,
            "today": today,
            "within_days": DUE_WITHIN_DAYS,
            "overdue": overdue,
            "soon": soon,
            "returned": returned,
            "drafts": [
                {
                    "title": page.title,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    "saved_at": page.latest_revision_created_at,
                    "never_published": not page.live,
                }
                for page in drafts
            ],
            "drafts_total": len(drafts) if len(drafts) < LIMIT else drafts_query.count(),
            "limit": LIMIT,
            "add_url": add_disclosure_url(organisation),
            "explore_url": reverse("wagtailadmin_explore", args=[organisation.pk]),
        }


class ReviewQueuePanel(Component):
    """The civil-affairs reviewer's queue: submissions waiting in the review task, oldest first, with
    how long each has waited since it was submitted (or resubmitted)."""

    name = "disclosures_review_queue"
    order = 50
    template_name = "disclosures/admin/dashboard_review_queue.html"

    def __init__(self, user):
        self.user = user

    def queue(self):
        return TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__workflow__name=roles.CIVIL_AFFAIRS_REVIEW,
            task__groupapprovaltask__groups__in=self.user.groups.all(),
        ).distinct()

    def get_context_data(self, parent_context):
        queue = self.queue()
        states = list(
            queue.select_related("workflow_state", "workflow_state__requested_by").order_by(
                "started_at", "pk"
            )[:LIMIT]
        )
        parent_title = Page.objects.filter(path=outer_parent_path()).values("title")[:1]
        pages = {
            page.pk: page
            for page in Page.objects.filter(
                pk__in=[int(s.workflow_state.object_id) for s in states]
            ).annotate(parent_title=Subquery(parent_title))
        }
        now = timezone.now()
        rows = []
        for state in states:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None:
                continue
            rows.append(
                {
                    "title": page.title,
                    "organisation": page.parent_title,
                    "submitted_at": state.started_at,
                    "waiting_days": (now - state.started_at).days,
                    "submitted_by": state.workflow_state.requested_by,
                    "review_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
        total = len(states) if len(states) < LIMIT else queue.count()
        return {"rows": rows, "total": total, "limit": LIMIT}


def panels_for(request):
    """The disclosure section's dashboard panels for the signed-in user."""
    user = request.user
    panels = []
    for organisation in organisations_of(user):
        panels.append(OrganisationTasksPanel(organisation))
    if user.groups.filter(name=roles.CIVIL_AFFAIRS_REVIEWERS).exists():
        panels.append(ReviewQueuePanel(user))
    return panels


def preselect(page, parent, values):
    """Copy the add form's query parameters (``add_disclosure_url``) onto a new disclosure below
    ``parent``, so the form opens with the type, year and plan of the obligation it fills. Values that
    are not valid choices are ignored (the form checks the rest); the plan must be the organisation's
    own, so a made-up link cannot show another organisation's title in the chooser."""
    disclosure_type = values.get("disclosure_type", "")
    if disclosure_type in DisclosureType.values:
        page.disclosure_type = disclosure_type
    year = values.get("year", "")
    if year.isdigit() and 1990 <= int(year) <= 2100:
        page.year = int(year)
    related = values.get("related_disclosure", "")
    if related.isdigit():
        page.related_disclosure_id = (
            DisclosurePage.objects.child_of(parent)
            .filter(pk=int(related))
            .values_list("pk", flat=True)
            .first()
        )
