"""Admin wiring of the disclosure record: the confirmation view, staff lists and their log action."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_views import CONFIRM_ACTION, report_urls


@hooks.register("register_admin_urls")
def register_record_urls():
    return report_urls()


class _PermittedMenuItem(MenuItem):
    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, self.action)


@hooks.register("register_reports_menu_item")
def register_declared_dates_menu_item():
    return _PermittedMenuItem(
        _("Declared dates to confirm"),
        reverse("disclosures_declared_dates"),
        icon_name="date",
        order=910,
        action="publish",
    )


@hooks.register("register_reports_menu_item")
def register_unlinked_corrections_menu_item():
    return _PermittedMenuItem(
        _("Unlinked corrections"),
        reverse("disclosures_unlinked_corrections"),
        icon_name="warning",
        order=920,
        action="change",
    )


@hooks.register("register_log_actions")
def register_record_log_actions(actions):
    actions.register_action(CONFIRM_ACTION, _("Confirm declared date"), _("Declared date confirmed"))
