import sys

from django.core.management.base import BaseCommand, CommandError

from disclosures.importing import LineError, import_file


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

    def handle(self, *args, **options):
        progress = None if options["no_progress"] else ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            report = import_file(options["file"], dry_run=options["dry_run"], progress=progress)
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {options['file']}") from error
        except (IsADirectoryError, PermissionError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        except LineError as error:
            raise CommandError(str(error)) from error
        for number, message in report.errors:
            self.stderr.write(f"line {number}: {message}")
        prefix = "Dry run — would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged "
            f"disclosures; {report.organisations_created} new and {report.organisations_updated} updated "
            f"organisations; {len(report.errors)} bad line(s) skipped of {report.lines}."
        )
        if not report.imported:
            raise CommandError(
                "No line could be imported." if report.errors else "The file has no lines to import."
            )
