import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from policies import importing
from policies.plan_text import PlanFormatError

FIELD_OPTIONS = ("issuing_body", "document_number", "issued_on", "effective_on")


class Command(BaseCommand):
    help = (
        "Create or update a policy page, its sections and its task list from a policy document exported "
        "as plain text (see docs/policies.md for the layout). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="UTF-8 text file, e.g. ../shared/policy/wucheng-charity-plan-draft.txt"
        )
        parser.add_argument(
            "--slug", help="Slug of the page to create or update (default: the page with the same title)."
        )
        parser.add_argument(
            "--issuing-body", help="Issuing (drafting) body; default 婺城区民政局 for a new page."
        )
        parser.add_argument("--document-number", help="文号, if the document has one.")
        parser.add_argument(
            "--issued-on", type=datetime.date.fromisoformat, help="Date of issue, YYYY-MM-DD."
        )
        parser.add_argument(
            "--effective-on", type=datetime.date.fromisoformat, help="Effective date, YYYY-MM-DD."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Save a draft for review instead of publishing."
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        fields = {key: options[key] for key in FIELD_OPTIONS if options[key] is not None}
        try:
            result = importing.import_plan(
                text,
                slug=options["slug"],
                new_slug=slugify(path.stem)[:80] or "policy",
                publish=not options["draft"],
                **fields,
            )
        except PlanFormatError as error:
            raise CommandError(f"{path}: {error}") from error
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"{path}: nothing was saved: {problems}") from error
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.action}: {result.page.title} ({result.tasks} tasks) — {result.page.url_path}"
            )
        )
