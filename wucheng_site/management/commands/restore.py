import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wucheng_site.backups import (
    ENGINE_NAMES,
    BackupError,
    check_compatible,
    installation_contents,
    restore_archive,
    verify_archive,
)


class Command(BaseCommand):
    help = (
        "Rebuild an empty installation from an archive written by `backup`: every checksum is verified "
        "first; an archive of another database engine or of a newer schema is refused, and so is an "
        "installation that already holds content unless --force is given. See docs/backups.md."
    )
    # The database may have no tables yet: checks that query it must not run first.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="A wucheng-backup-….tar.gz file")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Replace an installation that is not empty: its whole database is replaced and every file in "
                "MEDIA_ROOT and PRIVATE_MEDIA_ROOT that the archive does not hold is deleted"
            ),
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="With --force, do not ask for confirmation",
        )

    def handle(self, *args, **options):
        try:
            manifest = verify_archive(options["archive"])
            self.stdout.write(
                _(
                    "Archive verified: %(files)s files match their checksums (made %(created)s from "
                    "%(engine)s, Django %(django)s, Wagtail %(wagtail)s)."
                )
                % {
                    "files": len(manifest["files"]),
                    "created": manifest["created_at"],
                    "engine": ENGINE_NAMES.get(
                        manifest["database"]["engine"], manifest["database"]["engine"]
                    ),
                    "django": manifest["software"]["django"],
                    "wagtail": manifest["software"]["wagtail"],
                }
            )
            pending = check_compatible(manifest)
            contents = installation_contents()
            if contents and not options["force"]:
                raise CommandError(
                    _(
                        "This installation is not empty (%(contents)s): restore will not overwrite it. Nothing "
                        "was changed. To replace it with the archive (its database and every media file the "
                        "archive does not hold are deleted), back it up first with `manage.py backup DIR`, "
                        "then run restore again with --force."
                    )
                    % {"contents": "; ".join(contents)}
                )
            if contents and options["interactive"]:
                answer = input(
                    _(
                        "This installation holds %(contents)s. Restoring replaces its database and deletes "
                        "every file in MEDIA_ROOT and PRIVATE_MEDIA_ROOT that the archive does not hold.\n"
                        "Type 'yes' to continue, or 'no' to cancel: "
                    )
                    % {"contents": "; ".join(contents)}
                )
                if answer != "yes":
                    raise CommandError(_("Restore cancelled. Nothing was changed."))
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                self.stderr.write(
                    _(
                        "Warning: running as root, so the restored files belong to root. Run restore as the "
                        "user the site runs as, or give the files to that user afterwards (chown -R)."
                    )
                )
            result = restore_archive(options["archive"], manifest, replace=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            _(
                "Database restored. Files restored: %(media)s in MEDIA_ROOT, %(private)s in PRIVATE_MEDIA_ROOT."
            )
            % {"media": result.files["media"], "private": result.files["private-media"]}
        )
        if result.removed:
            self.stdout.write(_("Files deleted (not in the archive): %(count)s.") % {"count": result.removed})
        width = max(len(key) for key in result.counts)
        self.stdout.write(f"{'':{width}}  {_('archive'):>10}  {_('restored'):>10}")
        for key, value in result.counts.items():
            expected = manifest["counts"].get(key)
            self.stdout.write(
                f"{key:{width}}  {expected if expected is not None else '-':>10}  "
                f"{value if value is not None else '-':>10}"
            )
        if result.differences:
            raise CommandError(
                _("The restored database does not hold what the archive lists: %(differences)s.")
                % {"differences": "; ".join(result.differences)}
            )
        self.stdout.write(_("All counts match the archive."))
        if pending:
            self.stdout.write(
                ngettext(
                    "Next: run `manage.py migrate`: this code has %(count)s migration the archive's database "
                    "has not applied.",
                    "Next: run `manage.py migrate`: this code has %(count)s migrations the archive's database "
                    "has not applied.",
                    len(pending),
                )
                % {"count": len(pending)}
            )
        if settings.SEARCH_BACKEND != "database":
            self.stdout.write(_("Next: rebuild the search index with `manage.py update_index`."))
        self.stdout.write(
            _("Empty the caches (Redis, the proxy's page cache) before opening the site again.")
        )
