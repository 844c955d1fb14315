from django.core.management.base import BaseCommand, CommandError

from disclosures import credit_code
from disclosures.accounts import create_organisation_account
from disclosures.models import OrganisationPage


class Command(BaseCommand):
    help = (
        "Create (or update) an organisation's group — add/edit on its own pages, never publish, its own "
        "document collection — and put USERNAME in it, creating the user if needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("credit_code")
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        code = credit_code.normalise(options["credit_code"])
        organisation = OrganisationPage.objects.filter(credit_code=code).order_by("path").first()
        if organisation is None:
            raise CommandError(f"No organisation has the credit code {code}.")
        try:
            user, password = create_organisation_account(organisation, options["username"], options["email"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{user.username} can now edit {organisation.title}."))
        if password:
            self.stdout.write(f"Initial password (shown once; ask them to change it): {password}")
