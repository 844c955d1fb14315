from django.apps import AppConfig


class WuchengSiteConfig(AppConfig):
    """The project package is an app too, so its templates, locale and static files are found."""

    name = "wucheng_site"
    verbose_name = "善行婺里"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .admin_i18n import lazy_page_chooser_text
        from .frontend_cache import connect_signals

        connect_signals()
        lazy_page_chooser_text()
