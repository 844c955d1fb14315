"""Admin wiring of the disclosure record: the confirmation view, staff lists, their log action, and
the dashboard panels of organisations and reviewers (dashboard.py)."""

from contextvars import ContextVar

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import init_new_page

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


# --- Dashboard (docs/dashboards.md) ----------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_disclosure_panels(request, panels):
    from .dashboard import panels_for

    panels.extend(panels_for(request))


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its items
def hide_page_count_from_organisations(request, summary_items):
    """An organisation account sees "16 Pages created" — its own pages counted, which tells it
    nothing: its to-do panel says what matters. Other roles keep Wagtail's summary."""
    from wagtail.admin.site_summary import PagesSummaryItem

    from .dashboard import is_organisation_user

    if is_organisation_user(request.user):
        summary_items[:] = [item for item in summary_items if not isinstance(item, PagesSummaryItem)]


# The dashboard's "file it" links carry the disclosure type (and year, and plan) to preselect. The
# create view reads no query parameters and the ``init_new_page`` signal gets no request, so the hook
# that does get the request (``before_create_page``, run just before) hands them over.
_preselection = ContextVar("disclosure_preselection", default=None)


@hooks.register("before_create_page")
def remember_preselection(request, parent_page, page_class):
    from .models import DisclosurePage

    wanted = request.method == "GET" and issubclass(page_class, DisclosurePage)
    _preselection.set((parent_page.pk, request.GET.copy()) if wanted else None)


@receiver(init_new_page)
def preselect_disclosure_fields(sender, page, parent, **kwargs):
    from .dashboard import preselect
    from .models import DisclosurePage

    remembered = _preselection.get()
    _preselection.set(None)
    if remembered and isinstance(page, DisclosurePage) and remembered[0] == parent.pk:
        preselect(page, parent, remembered[1])
