"""Admin wiring of the disclosure record: the confirmation view, staff lists and their log action."""

from django.conf import settings
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


@hooks.register("site_wide_cached_paths")
def open_data_paths():
    """The open-data files and page list every organisation and disclosure: the caching proxy drops
    them whenever any page changes (wucheng_site/frontend_cache.py)."""
    from django.utils import translation

    from .opendata import DATASETS

    paths = [
        reverse("open_data_file", kwargs={"dataset": dataset, "extension": extension})
        for dataset in DATASETS
        for extension in ("csv", "json")
    ]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.append(reverse("open_data"))
    return paths
