from django.core.management.base import BaseCommand

from accounts.roles import bootstrap


class Command(BaseCommand):
    help = "Create or update the staff groups, their permissions, collections and workflows (idempotent)."

    def handle(self, *args, **options):
        summary = bootstrap()
        self.stdout.write(
            self.style.SUCCESS(
                "Roles ready: {groups} groups, {workflows} workflows, "
                "{section_pages} section pages assigned.".format(**summary)
            )
        )
