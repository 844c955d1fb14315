"""Report handling and the serious-violation list in the Wagtail admin, for civil-affairs staff.

Both are ``ModelViewSet``s, so Wagtail checks the model permissions on every view and shows the menu
only to users who hold one: ``accounts/roles.py`` gives them to 民政局审核员 alone (superusers have
every permission). Nobody adds reports in the admin: they come in through the public form.
Every status change, assignment, note and reply is written to Wagtail's audit log with the custom
actions registered in wagtail_hooks.py, besides Wagtail's own "edited" entry.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts import roles
from wucheng_site import params  # noqa: F401 - registers the <id:…> converter of the routes below
from wucheng_site.storage import private_file_response

from . import handling
from .handling import ReportStatus
from .models import Report, ReportNote, SeriousViolationEntry

# ---------------------------------------------------------------------------------------------------
# Reports


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that reports are never created in the admin (not even by superusers)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Report, ReportPermissionPolicy(Report))


def handlers():
    """Users a report can be assigned to: civil-affairs reviewers."""
    return (
        get_user_model().objects.filter(groups__name=roles.CIVIL_AFFAIRS_REVIEWERS, is_active=True).distinct()
    )


class ReportHandlingForm(WagtailAdminModelForm):
    note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by civil-affairs staff."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].queryset = handlers()
        self.original_status = self.instance.status
        if "status" in self.fields:
            # Offer only the moves the rules allow; clean() still checks (a forged POST gets an error).
            self.fields["status"].choices = [
                (code, label)
                for code, label in ReportStatus.choices
                if handling.can_move(self.original_status, code)
            ]

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("status")
        if new and not handling.can_move(self.original_status, new):
            self.add_error(
                "status",
                _("A report that is “%(old)s” cannot become “%(new)s”.")
                % {"old": ReportStatus(self.original_status).label, "new": ReportStatus(new).label},
            )
        if new and handling.needs_reason(new) and not (cleaned.get("status_reason") or "").strip():
            self.add_error(
                "status_reason", _("Say why the report is not accepted; the reporter will read it.")
            )
        return cleaned


class ReportSummaryPanel(Panel):
    """The report as sent (read-only), its evidence files and the internal notes so far."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "oversight/admin/report_summary_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.instance
            context["evidence"] = list(self.instance.evidence.all())
            context["notes"] = list(self.instance.notes.select_related("author"))
            return context


class ReportEditView(generic.EditView):
    @transaction.atomic
    def save_instance(self):
        before = Report.objects.get(pk=self.object.pk)
        form = self.form
        report = form.instance
        today = timezone.localdate()
        report.decided_on, report.closed_on = handling.dates_after_move(
            before.status, report.status, today, report.decided_on, report.closed_on
        )
        report = super().save_instance()
        user = self.request.user
        if report.status != before.status:
            log(
                report,
                "oversight.report.status",
                user=user,
                data={"from": before.status, "to": report.status},
            )
        if report.assigned_to_id != before.assigned_to_id:
            log(
                report,
                "oversight.report.assign",
                user=user,
                data={"to": report.assigned_to.get_username() if report.assigned_to else ""},
            )
        if report.public_reply != before.public_reply:
            log(report, "oversight.report.reply", user=user)
        note = (form.cleaned_data.get("note") or "").strip()
        if note:
            created = ReportNote.objects.create(report=report, author=user, text=note)
            log(report, "oversight.report.note", user=user, data={"note_id": created.pk})
        return report


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Report
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"status__in": handling.OPEN_STATUSES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DueColumn(Column):
    """The next step's due date, marked when overdue."""

    cell_template_name = "oversight/admin/due_cell.html"


def evidence_download(request, pk, evidence_pk):
    """An evidence file, as a download, to users who may handle reports; 404 for a file of another report."""
    if not report_viewset.permission_policy.user_has_any_permission(request.user, ["change", "view"]):
        raise PermissionDenied
    report = get_object_or_404(Report, pk=pk)
    evidence = get_object_or_404(report.evidence, pk=evidence_pk)
    log(report, "oversight.report.download", user=request.user, data={"evidence_id": evidence.pk})
    return private_file_response(evidence.file, evidence.original_name)


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Reports of concern")
    name = "oversight_reports"
    url_prefix = "oversight/reports"
    edit_view_class = ReportEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "organisation_label",
        "received_at",
        "description",
        "reporter_name",
        "reporter_contact",
        "status",
        "status_reason",
        "due_on",
        "assigned_to",
        "public_reply",
    ]
    filterset_class = ReportFilterSet
    search_fields = ["reference", "organisation_name", "organisation__title"]
    search_backend_name = None
    list_display = [
        "reference",
        Column("organisation_label", label=_("Organisation")),
        Column("get_status_display", label=_("Status")),
        DateColumn("received_at", label=_("Date received")),
        DueColumn("due_on", label=_("Next step due")),
        "assigned_to",
    ]
    list_export = []

    def get_edit_handler(self):
        return ObjectList(
            [
                ReportSummaryPanel(heading=_("The report")),
                MultiFieldPanel(
                    [FieldPanel("status"), FieldPanel("status_reason"), FieldPanel("assigned_to")],
                    heading=_("Handling"),
                ),
                FieldPanel("public_reply"),
                FieldPanel("note"),
            ],
            base_form_class=ReportHandlingForm,
        ).bind_to_model(self.model)

    def get_queryset(self, request):
        return Report.objects.select_related("organisation", "assigned_to")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<id:pk>/evidence/<id:evidence_pk>/", evidence_download, name="evidence"),
        ]


# ---------------------------------------------------------------------------------------------------
# Serious-violation list


class SeriousViolationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        field = self.fields.get("organisation")
        if field is not None:
            field.queryset = field.queryset.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
                "title"
            )


class SeriousViolationViewSet(ModelViewSet):
    model = SeriousViolationEntry
    icon = "warning"
    menu_label = _("Serious-violation list")
    name = "oversight_serious_violations"
    url_prefix = "oversight/serious-violations"
    copy_view_enabled = False
    list_display = [
        Column("organisation", label=_("Organisation")),
        DateColumn("listed_on", label=_("Listed on")),
        DateColumn("removed_on", label=_("Removed on")),
        "authority",
        "document_number",
    ]
    list_filter = ["removed_on"]
    search_fields = ["organisation__title", "document_number"]
    search_backend_name = None

    def get_edit_handler(self):
        return ObjectList(
            [
                FieldPanel("organisation"),
                FieldPanel("listed_on"),
                FieldPanel("removed_on"),
                FieldPanel("reason"),
                FieldPanel("authority"),
                FieldPanel("document_number"),
            ],
            base_form_class=SeriousViolationForm,
        ).bind_to_model(self.model)

    def get_queryset(self, request):
        return SeriousViolationEntry.objects.select_related("organisation")


report_viewset = ReportViewSet()
serious_violation_viewset = SeriousViolationViewSet()


class OversightViewSetGroup(ModelViewSetGroup):
    menu_label = _("Oversight")
    menu_icon = "warning"
    menu_order = 250
    items = (report_viewset, serious_violation_viewset)
