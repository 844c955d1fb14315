"""Admin registration of oversight: the viewsets (oversight/admin.py) and the audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

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
