from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.site_setup import SetupError, setup_site


def _port(value):
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError(value)
    return port


class Command(BaseCommand):
    help = (
        "Build the real site on a migrated database: the home page, the sections and the about, contact, "
        "privacy and accessibility pages (placeholders to complete) in Chinese and English, the main "
        "navigation, site settings, staff roles, and the default Wagtail Site at --hostname and --port. "
        "No demo content, no accounts; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname",
            required=True,
            help="The host name the public uses, e.g. charity.example.gov.cn (no scheme, no port)",
        )
        parser.add_argument(
            "--port",
            type=_port,
            default=80,
            help="The port the public uses (default 80; 443 makes Wagtail write https:// URLs)",
        )

    def handle(self, *args, **options):
        hostname = options["hostname"].strip().lower()
        if not hostname or any(ch in hostname for ch in "/: "):
            raise CommandError(
                _("Give the host name alone, e.g. --hostname charity.example.gov.cn --port 443.")
            )
        try:
            report = setup_site(hostname, options["port"])
        except SetupError as error:
            raise CommandError(str(error)) from error

        if report.site_before == "":
            self.stdout.write(_("Site created at %(address)s.") % {"address": report.site_after})
        elif report.site_before is not None:
            self.stdout.write(
                _("Site moved from %(before)s to %(after)s.")
                % {"before": report.site_before, "after": report.site_after}
            )
        if report.home_filled:
            self.stdout.write(_("Home page filled in."))
        if report.created:
            self.stdout.write(_("Pages created: %(titles)s") % {"titles": "、".join(report.created)})
        if report.translated:
            self.stdout.write(
                _("English translations created: %(titles)s") % {"titles": "、".join(report.translated)}
            )
        if report.site_settings_created:
            self.stdout.write(
                _("Site settings created: fill in the contact details under Settings in the admin.")
            )
        if report.navigation_items:
            self.stdout.write(
                _("Main navigation created with %(count)d items.") % {"count": report.navigation_items}
            )
        if not report.changed:
            self.stdout.write(
                _("The site is already set up at %(address)s; nothing changed.")
                % {"address": report.site_after}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Roles ready: %(groups)d groups, %(workflows)d workflows, "
                    "%(section_pages)d section pages assigned."
                )
                % report.roles
            )
        )
