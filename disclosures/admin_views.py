"""Admin views of the disclosure record: confirming declared dates, and the two lists staff work
through (declared dates awaiting confirmation, corrections not yet linked to what they correct)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from .compliance import DisclosureType
from .models import DisclosurePage
from .panels import may_confirm, record_summary
from .record import DeclaredDateConfirmation

CONFIRM_ACTION = "disclosures.confirm_declared_date"


def confirm_declared_date(request, page_id):
    """Declared and platform dates side by side; POST confirms the declared date shown (the reviewer's
    explicit act), which then counts for the record once that version is published."""
    page = get_object_or_404(DisclosurePage, pk=page_id)
    if not may_confirm(request.user, page):
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    summary = record_summary(draft, request.user)
    if request.method == "POST":
        if not draft.declared_on or request.POST.get("declared_on") != draft.declared_on.isoformat():
            messages.error(
                request, _("The declared date has changed since this page was shown: check it again.")
            )
            return redirect("disclosures_confirm_declared_date", page.pk)
        confirmation, created = DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=draft.declared_on,
            defaults={"declared_where": draft.declared_where, "confirmed_by": request.user},
        )
        if created:
            log(
                instance=page,
                action=CONFIRM_ACTION,
                user=request.user,
                data={"declared_on": draft.declared_on.isoformat(), "declared_where": draft.declared_where},
            )
            if page.live:
                from .signals import refresh_organisation_of

                refresh_organisation_of(page)
        messages.success(request, _("The declared date %(date)s is confirmed.") % {"date": draft.declared_on})
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "disclosures/admin/confirm_declared_date.html",
        {
            **summary,
            "page": draft,
            "page_title": _("Confirm the declared date"),
            "organisation": page.get_parent(),
            "already": summary["confirmation"],
        },
    )


class DeclaredDatesReport(ReportView):
    """Disclosures whose filer declared an earlier first publication that nobody has confirmed yet."""

    page_title = gettext_lazy("Declared dates to confirm")
    header_icon = "date"
    index_url_name = "disclosures_declared_dates"
    index_results_url_name = "disclosures_declared_dates_results"
    list_export = ["title", "declared_on", "declared_where", "declared_url", "first_published_at"]
    columns = [
        TitleColumn("title", label=gettext_lazy("Disclosure"), url_name="disclosures_confirm_declared_date"),
        DateColumn("declared_on", label=gettext_lazy("Declared first published on")),
        Column("declared_where", label=gettext_lazy("Where")),
        DateColumn("first_published_at", label=gettext_lazy("First published here")),
    ]

    def get_queryset(self):
        confirmed = DeclaredDateConfirmation.objects.filter(
            page=OuterRef("pk"), declared_on=OuterRef("declared_on")
        )
        publishable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "publish")
        return (
            DisclosurePage.objects.filter(pk__in=publishable.values("pk"), declared_on__isnull=False)
            .exclude(Exists(confirmed))
            .order_by("declared_on", "pk")
        )


class UnlinkedCorrectionsReport(ReportView):
    """Corrections that do not say which disclosure they correct (imported without ``corrects``, or
    naming a title that was not there): staff choose the disclosure in the editor."""

    page_title = gettext_lazy("Unlinked corrections")
    header_icon = "warning"
    index_url_name = "disclosures_unlinked_corrections"
    index_results_url_name = "disclosures_unlinked_corrections_results"
    list_export = ["title", "corrects_title", "first_published_at"]
    columns = [
        TitleColumn("title", label=gettext_lazy("Correction"), url_name="wagtailadmin_pages:edit"),
        Column("corrects_title", label=gettext_lazy("Corrects (as named in the import)")),
        DateColumn("first_published_at", label=gettext_lazy("First published here")),
    ]

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        return DisclosurePage.objects.filter(
            pk__in=editable.values("pk"),
            disclosure_type=DisclosureType.CORRECTION,
            related_disclosure__isnull=True,
        ).order_by("path")


def report_urls():
    from django.urls import path

    from wucheng_site.admin_views import report_paths

    return [
        path(
            "disclosures/<id:page_id>/declared-date/",
            confirm_declared_date,
            name="disclosures_confirm_declared_date",
        ),
        *report_paths("reports/declared-dates/", DeclaredDatesReport, "disclosures_declared_dates"),
        *report_paths(
            "reports/unlinked-corrections/", UnlinkedCorrectionsReport, "disclosures_unlinked_corrections"
        ),
    ]
