from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wucheng_site.backups import BackupError, Retention, create_backup


def _count(value):
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Write one archive of the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT, with a manifest of "
        "checksums, into DIR (file mode 0600: it holds personal data); with --keep-*, delete the older "
        "archives in DIR that the retention rule does not keep. See docs/backups.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder for the archive (created if missing)")
        for period, unit, example in (
            ("daily", "days", 7),
            ("weekly", "ISO weeks", 4),
            ("monthly", "months", 12),
        ):
            parser.add_argument(
                f"--keep-{period}",
                type=_count,
                default=0,
                metavar="N",
                help=f"Keep the newest archive of each of the last N {unit} that have one (e.g. {example})",
            )

    def handle(self, *args, **options):
        retention = Retention(options["keep_daily"], options["keep_weekly"], options["keep_monthly"])
        try:
            result = create_backup(options["directory"], retention=retention)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            _("Backup written: %(path)s (%(size).1f MB, readable by its owner only).")
            % {"path": result.path, "size": result.size / 1e6}
        )
        counts = ", ".join(f"{key} {value}" for key, value in manifest["counts"].items() if value is not None)
        self.stdout.write(
            _("Database (%(engine)s): %(counts)s.")
            % {"engine": manifest["database"]["engine"], "counts": counts}
        )
        media = manifest["media"]
        self.stdout.write(
            _("Files: %(media)s from MEDIA_ROOT, %(private)s from PRIVATE_MEDIA_ROOT.")
            % {"media": media["media"]["files"], "private": media["private-media"]["files"]}
        )
        if manifest["skipped"]:
            self.stderr.write(
                _("Deleted while the backup ran, so not in the archive: %(files)s")
                % {"files": ", ".join(manifest["skipped"])}
            )
        if result.removed:
            self.stdout.write(
                _("Deleted by the retention rule: %(names)s")
                % {"names": ", ".join(path.name for path in result.removed)}
            )
