"""Admin report: tasks whose shown status contradicts the site's evidence or the task's own indicators.

Staff fix the record (a status update, an indicator value, the evidence on the policy page); the report
never changes a status itself, because the tracker is the bureau's statement, not the site's guess.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from .evidence import checked_tasks
from .permissions import editable_policies, may_check_tracker


@dataclass
class ContradictionRow:
    policy: object
    check: object

    @property
    def pk(self):
        return self.check.task.pk

    @property
    def title(self):
        task = self.check.task
        return f"{task.number}. {task.measure[:40]}{'…' if len(task.measure) > 40 else ''}"

    @property
    def policy_title(self):
        return self.policy.title

    @property
    def number(self):
        return self.check.task.number

    @property
    def status_label(self):
        return self.check.label

    @property
    def explanations(self):
        return [item.explanation for item in self.check.contradictions]

    @property
    def explanations_text(self):
        return " ".join(self.explanations)

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.policy.pk])

    @property
    def record_url(self):
        return reverse("wagtailsnippets_policies_taskstatusupdate:add")

    @property
    def progress_url(self):
        url = self.policy.get_url()
        return f"{url}progress/" if url else ""


class ExplanationsColumn(Column):
    cell_template_name = "policies/admin/contradictions_cell.html"


class TrackerContradictionsReport(ReportView):
    """Every task of the policies the user may edit whose status contradicts the site (policies/tracker.py,
    ``contradictions``)."""

    page_title = _("Tracker contradictions")
    header_icon = "warning"
    index_url_name = "policy_tracker_contradictions"
    index_results_url_name = "policy_tracker_contradictions_results"
    paginate_by = 100
    list_export = ["policy_title", "number", "status_label", "explanations_text"]
    export_headings = {
        "policy_title": _("Policy"),
        "number": _("Task"),
        "status_label": _("Shown as"),
        "explanations_text": _("Contradiction"),
    }
    columns = [
        TitleColumn("title", label=_("Task"), get_url=lambda row: row.edit_url),
        Column("policy_title", label=_("Policy")),
        Column("status_label", label=_("Shown as")),
        ExplanationsColumn("explanations", label=_("Contradiction")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_check_tracker(request.user):
            raise PermissionDenied  # Wagtail's admin answers with its "no permission" redirect
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        rows = []
        for policy in editable_policies(self.request.user).order_by("-issued_on", "title"):
            rows.extend(
                ContradictionRow(policy, check) for check in checked_tasks(policy) if check.contradictions
            )
        return rows
