from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import home as demo


class Command(BaseCommand):
    help = (
        "Build the demo page tree in Chinese with English translations, site settings, navigation "
        "and demo accounts (idempotent). Never run it on a production site: demo accounts share a "
        "known password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Create the content only, no demo accounts."
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            # Demo accounts share a published password and a published second-factor secret.
            raise CommandError(
                "load_demo does not run with production settings: its accounts' passwords are public."
            )
        summary = demo.load(create_users=not options["no_users"])
        if summary["created"]:
            self.stdout.write("Created: " + "、".join(summary["created"]))
        else:
            self.stdout.write("Demo content already present; nothing created.")
        if not options["no_users"]:
            self.stdout.write(
                f"Demo accounts (password {demo.DEMO_PASSWORD!r}): admin (superuser), "
                + ", ".join(f"{name} ({group})" for name, (group, *_) in demo.DEMO_USERS.items())
            )
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
