"""Admin registration of oversight: the viewsets (oversight/admin.py) and the audit-log actions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .admin import OversightViewSetGroup


@hooks.register("register_admin_viewset")
def register_oversight_viewsets():
    return OversightViewSetGroup()


# Custom audit-log actions (Wagtail's own wagtail.create/edit/delete cover the serious-violation list).
LOG_ACTIONS = [
    ("oversight.report.receive", _("Receive report"), _("Report received through the public form")),
    ("oversight.report.status", _("Change report status"), _("Report status changed")),
    ("oversight.report.assign", _("Assign report"), _("Report assigned")),
    ("oversight.report.note", _("Add internal note"), _("Internal note added")),
    ("oversight.report.reply", _("Reply to reporter"), _("Reply to the reporter changed")),
    ("oversight.report.download", _("Download evidence"), _("Evidence file downloaded")),
]


@hooks.register("register_log_actions")
def register_oversight_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


class OpenReportsPanel(Component):
    """Dashboard panel for those who handle reports: how many are open and how many are overdue."""

    name = "oversight_open_reports"
    order = 90
    template_name = "oversight/admin/open_reports_panel.html"

    def get_context_data(self, parent_context):
        from django.utils import timezone

        from . import handling
        from .models import Report

        open_reports = Report.objects.filter(status__in=handling.OPEN_STATUSES)
        return {
            "open_count": open_reports.count(),
            "overdue_count": open_reports.filter(due_on__lt=timezone.localdate()).count(),
            "index_url": reverse("oversight_reports:index"),
        }


@hooks.register("construct_homepage_panels")
def add_open_reports_panel(request, panels):
    from .admin import report_viewset

    if report_viewset.permission_policy.user_has_any_permission(request.user, ["change", "view"]):
        panels.append(OpenReportsPanel())
