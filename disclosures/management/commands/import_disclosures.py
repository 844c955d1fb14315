import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from disclosures.importing import BATCH_SIZE, LineError, import_file


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise)."""

    def __init__(self, stream, width=30):
        self.stream, self.width = stream, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_step = -1

    def __call__(self, done, total):
        fraction = done / total if total else 1
        step = int(fraction * 10)
        if not self.tty and step == self.last_step and done != total:
            return
        self.last_step = step
        filled = int(fraction * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        end = "\r" if self.tty and done != total else "\n"
        self.stream.write(f"[{bar}] {done}/{total} {fraction:4.0%}{end}")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import disclosures from a JSON Lines file (format: ../shared/samples/README.md). Bad lines are "
        "reported with their number and skipped; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL file; attachment paths are relative to it")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, change nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            metavar="N",
            help=f"Lines imported per transaction (default {BATCH_SIZE}; see docs/disclosures.md)",
        )
        parser.add_argument(
            "--source",
            metavar="TEXT",
            help=(
                "Where the file's disclosures were first published, e.g. 慈善中国 (stored with their "
                "dates; default: 导入文件 <file name>)"
            ),
        )
        parser.add_argument(
            "--rename-organisations",
            action="store_true",
            help=(
                "Give an organisation the name the file has when it differs from the stored one (the old "
                "name is kept as a former name); without it, the line is imported under the stored name "
                "with a warning"
            ),
        )

    def handle(self, *args, **options):
        progress = None if options["no_progress"] else ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            report = import_file(
                options["file"],
                dry_run=options["dry_run"],
                progress=progress,
                source=options["source"],
                rename_organisations=options["rename_organisations"],
                batch_size=options["batch_size"],
            )
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {options['file']}") from error
        except (IsADirectoryError, PermissionError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        except LineError as error:
            raise CommandError(str(error)) from error
        problems = [(number, 0, message) for number, message in report.errors]
        problems += [
            (number, 1, _("warning: %(message)s") % {"message": message})
            for number, message in report.warnings
        ]
        for number, _kind, message in sorted(problems, key=lambda item: item[:2]):
            self.stderr.write(_("line %(number)s: %(message)s") % {"number": number, "message": message})
        values = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "organisations_created": report.organisations_created,
            "organisations_updated": report.organisations_updated,
            "organisations_renamed": report.organisations_renamed,
            "errors": len(report.errors),
            "lines": report.lines,
            "warnings": len(report.warnings),
            "linked": report.corrections_linked,
            "unlinked": report.corrections_unlinked,
            "confirmed": report.dates_confirmed,
        }
        if options["dry_run"]:
            summary = _(
                "Dry run — would import: %(created)s new, %(updated)s updated, %(unchanged)s unchanged "
                "disclosures; %(organisations_created)s new, %(organisations_updated)s updated and "
                "%(organisations_renamed)s renamed organisations; %(errors)s bad line(s) skipped of %(lines)s."
            )
        else:
            summary = _(
                "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged disclosures; "
                "%(organisations_created)s new, %(organisations_updated)s updated and "
                "%(organisations_renamed)s renamed organisations; %(errors)s bad line(s) skipped of %(lines)s."
            )
        self.stdout.write(summary % values)
        self.stdout.write(
            _(
                "Corrections: %(linked)s linked, %(unlinked)s not linked (staff link them in Reports → "
                "Unlinked corrections). Declared dates confirmed by this import: %(confirmed)s. "
                "Warnings: %(warnings)s."
            )
            % values
        )
        if not report.accounted_for:  # a bug, not a bad file: say so rather than lose lines quietly
            raise CommandError(
                _("%(missing)s line(s) are not accounted for: please report this.")
                % {"missing": report.lines - report.blank_lines - report.imported - len(report.errors)}
            )
        if not report.imported:
            raise CommandError(
                "No line could be imported." if report.errors else "The file has no lines to import."
            )
