from django.core.management.base import BaseCommand

from disclosures.standing import refresh_all


class Command(BaseCommand):
    help = "Recompute every organisation's disclosure record for the directory (run daily: deadlines pass)."

    def handle(self, *args, **options):
        count = refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Refreshed {count} organisation(s)."))
