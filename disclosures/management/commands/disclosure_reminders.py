from django.core.management.base import BaseCommand

from disclosures.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email each organisation's contact about disclosures due in the next 30 days or overdue "
        "(console email backend unless EMAIL_BACKEND says otherwise)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent, send nothing")

    def handle(self, *args, **options):
        sent, skipped = send_reminders(dry_run=options["dry_run"])
        for org, items in sent:
            self.stdout.write(f"{org.title} <{org.contact_email}>: {len(items)} item(s)")
        for org in skipped:
            self.stderr.write(f"{org.title}: no contact email, not reminded")
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(sent)} reminder(s); {len(skipped)} without email.")
        )
