"""Backups of a whole installation, and their restore (docs/backups.md).

An archive, ``wucheng-backup-<UTC time>.tar.gz``, holds:

- ``database/database.pgdump`` (``pg_dump --format=custom``) or ``database/database.sqlite3`` (a copy
  made with SQLite's online backup API): a consistent snapshot even while the site writes;
- ``media/…`` (MEDIA_ROOT) and ``private-media/…`` (PRIVATE_MEDIA_ROOT), every regular file;
- ``manifest.json``, last: format version, time, versions, database engine, the migrations applied,
  row counts taken in the same snapshot as the dump, and the sha256 and size of every other member.

It holds personal data (reports of concern, nominations, comments, staff accounts and their second
factors), so it is written with mode 0600, under a temporary name renamed when complete.

``restore`` verifies every checksum before it changes anything, refuses an archive from another
database engine or from a newer schema, refuses an installation that holds content unless told to
replace it, then loads the database in one step (PostgreSQL: one transaction; SQLite: the backup API)
and the files, and compares the counts with the manifest.

The checksums detect damage (a truncated copy, a flipped bit), not tampering: anyone who can rewrite
the archive can rewrite its manifest. Off-machine copies are encrypted (docs/backups.md).
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import platform
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "wucheng-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/database.sqlite3"
POSTGRES_MEMBER = "database/database.pgdump"
DATABASE_MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}
MEDIA_PREFIX = "media/"
PRIVATE_PREFIX = "private-media/"
ARCHIVE_NAME = re.compile(r"^wucheng-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024

# What the manifest counts and restore compares: model labels, resolved when counting (the document,
# image and user models are swappable). Private records are the ones people sent in or staff wrote
# about them; losing any of them in a restore must not go unnoticed.
COUNTED = {
    "pages": "wagtailcore.Page",
    "revisions": "wagtailcore.Revision",
    "documents": "<document>",
    "images": "<image>",
    "renditions": "<rendition>",
    "users": "<user>",
    "page_log_entries": "wagtailcore.PageLogEntry",
    "oversight_reports": "oversight.Report",
    "report_evidence_files": "oversight.ReportEvidence",
    "report_notes": "oversight.ReportNote",
    "award_nominations": "awards.Nomination",
    "nomination_files": "awards.NominationFile",
    "award_objections": "awards.Objection",
    "award_scores": "awards.Score",
    "policy_comments": "policies.PolicyComment",
    "private_log_entries": "wucheng_site.PrivateLogEntry",
}
# Content that makes an installation "not empty" (restore refuses to overwrite it without --force).
# Pages and revisions are judged apart: `migrate` creates Wagtail's root and welcome page.
CONTENT_KEYS = ("documents", "images", "users", "oversight_reports", "award_nominations", "policy_comments")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


# --- retention (pure) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How many archives to keep: the newest of each of the last ``daily`` days, ``weekly`` ISO weeks
    and ``monthly`` months that have one (as restic's ``forget --keep-daily`` counts: periods without
    a backup do not use up the allowance). Days are UTC days, as in the archive names."""

    daily: int = 0
    weekly: int = 0
    monthly: int = 0

    def __bool__(self) -> bool:
        return bool(self.daily or self.weekly or self.monthly)


def archive_time(name: str) -> tuple[datetime.datetime, int] | None:
    """The UTC time (and the same-second counter) in an archive's name; None for any other file."""
    match = ARCHIVE_NAME.match(name)
    if not match:
        return None
    when = datetime.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    return when, int(match[2] or 1)


def archives_to_keep(names: Iterable[str], retention: Retention) -> set[str]:
    """The archive names ``retention`` keeps; the newest archive is always kept. Names that are not
    archive names are never returned (nor deleted by the caller)."""
    stamped = sorted(
        ((stamp, name) for name in names if (stamp := archive_time(name)) is not None), reverse=True
    )
    if not stamped:
        return set()
    keep = {stamped[0][1]}
    periods: list[tuple[int, Callable[[datetime.datetime], object]]] = [
        (retention.daily, lambda t: t.date()),
        (retention.weekly, lambda t: t.isocalendar()[:2]),
        (retention.monthly, lambda t: (t.year, t.month)),
    ]
    for allowance, period_of in periods:
        seen: set[object] = set()
        for (when, _counter), name in stamped:
            if len(seen) >= allowance:
                break
            period = period_of(when)
            if period not in seen:
                seen.add(period)
                keep.add(name)
    return keep


def prune(directory: Path, retention: Retention) -> list[Path]:
    """Delete the archives in ``directory`` that ``retention`` does not keep; returns them."""
    names = [entry.name for entry in directory.iterdir() if entry.is_file()]
    keep = archives_to_keep(names, retention)
    removed = []
    for name in sorted(names):
        if archive_time(name) is not None and name not in keep:
            (directory / name).unlink()
            removed.append(directory / name)
    return removed


# --- shared helpers ---------------------------------------------------------------------------------


def _engine() -> str:
    from django.db import connection

    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def counted_tables() -> dict[str, str]:
    """The database table behind each count (swappable models resolved)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    special = {
        "<document>": get_document_model(),
        "<image>": get_image_model(),
        "<rendition>": get_image_model().get_rendition_model(),
        "<user>": get_user_model(),
    }
    tables = {}
    for key, label in COUNTED.items():
        if label in special:
            model = special[label]
        else:
            try:
                model = apps.get_model(label)
            except LookupError:  # an app this installation does not have
                continue
        tables[key] = model._meta.db_table
    return tables


def _count_rows(cursor: Any, quote: Callable[[str], str], existing: set[str]) -> dict[str, int | None]:
    """Row counts by plain SQL (the same on a snapshot, a copy or the restored database, whatever the
    schema's age); None where the table does not exist."""
    counts: dict[str, int | None] = {}
    for key, table in counted_tables().items():
        if table not in existing:
            counts[key] = None
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[key] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor: Any, existing: set[str]) -> dict[str, list[str]]:
    if "django_migrations" not in existing:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _cache_tables() -> set[str]:
    """Tables of Django's database cache: throw-away counters (rate limits), not worth keeping."""
    from django.conf import settings

    return {
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache"
    }


def _media_roots() -> dict[str, Path]:
    from django.conf import settings

    return {MEDIA_PREFIX: Path(settings.MEDIA_ROOT), PRIVATE_PREFIX: Path(settings.PRIVATE_MEDIA_ROOT)}


def _walk_files(root: Path, exclude: Iterable[Path] = ()) -> Iterator[tuple[str, Path]]:
    """Regular files below ``root`` (relative POSIX name, path), in a stable order; symbolic links and
    the ``exclude`` folders (a private root nested in the public one, the backup folder) are skipped."""
    if not root.is_dir():
        return
    excluded = {path.resolve() for path in exclude}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if (here / d).resolve() not in excluded and not (here / d).is_symlink()
        )
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def _within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class _HashingReader:
    """Reads through a file, hashing what passes, so an archived file is read once."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


# --- PostgreSQL client programs ---------------------------------------------------------------------


def _program_major(program: str) -> int | None:
    try:
        output = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match[1]) if match else None


def postgres_program(name: str, server_major: int) -> str:
    """The client program ``name`` (pg_dump, pg_restore, psql) for a server of ``server_major``: from
    PG_BINDIR if set, else Debian's /usr/lib/postgresql/<server major>/bin, else a newer one there,
    else the PATH. pg_dump refuses servers newer than itself, so an older program is never used."""
    candidates = []
    if bindir := os.environ.get("PG_BINDIR"):
        candidates.append(Path(bindir) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    newer = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        version = folder.parent.name
        if version.isdigit() and int(version) > server_major:
            newer.append((int(version), folder / name))
    candidates += [path for _version, path in sorted(newer)]
    if found := shutil.which(name):
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            major = _program_major(str(candidate))
            if major is not None and major >= server_major:
                return str(candidate)
    raise BackupError(
        _(
            "No %(program)s for PostgreSQL %(major)s or newer was found (looked in PG_BINDIR, "
            "/usr/lib/postgresql/*/bin and the PATH): install the package postgresql-client-%(major)s."
        )
        % {"program": name, "major": server_major}
    )


def _postgres_env() -> dict[str, str]:
    """libpq's environment for the configured database: the password travels in PGPASSWORD, never on a
    command line other users can read in ``ps``."""
    from django.db import connection

    settings_dict = connection.settings_dict
    _args, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = dict(os.environ)
    env.update(extra or {})
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _server_major() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


# --- backup -----------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any]
    removed: list[Path] = field(default_factory=list)


def _dump_sqlite(target: Path) -> tuple[dict[str, Any], dict[str, int | None], dict[str, list[str]]]:
    """Copy the database with SQLite's online backup API (one step: a consistent snapshot; in WAL mode
    the site keeps writing meanwhile), then read counts and migrations from the copy."""
    from django.db import connection

    source = connection.get_new_connection(connection.get_connection_params())
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        existing = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in _cache_tables() & existing:
            copy.execute(f'DELETE FROM "{table}"')
        copy.commit()
        cursor = copy.cursor()
        counts = _count_rows(cursor, lambda name: f'"{name}"', existing)
        migrations = _applied_migrations(cursor, existing)
    finally:
        copy.close()
    return {"engine": "sqlite", "server_version": sqlite3.sqlite_version}, counts, migrations


def _dump_postgres(target: Path) -> tuple[dict[str, Any], dict[str, int | None], dict[str, list[str]]]:
    """pg_dump of the database in a snapshot exported from our own REPEATABLE READ transaction, so the
    counts and migrations read here describe exactly what the dump holds."""
    from django.db import connection, transaction

    major = _server_major()
    pg_dump = postgres_program("pg_dump", major)
    env = _postgres_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        existing = set(connection.introspection.table_names(cursor))
        counts = _count_rows(cursor, connection.ops.quote_name, existing)
        migrations = _applied_migrations(cursor, existing)
        command = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"]
        command += [f"--exclude-table-data={table}" for table in sorted(_cache_tables() & existing)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    client = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout.strip()
    return (
        {"engine": "postgresql", "server_version": server_version, "dump_program": client},
        counts,
        migrations,
    )


def _tarinfo(name: str, size: int, mtime: float, mode: int = 0o600) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), mode & 0o777
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(
    archive: tarfile.TarFile, name: str, handle: IO[bytes], mtime: float | None = None
) -> dict[str, Any]:
    """Add an open file as ``name``; returns its checksum and size, hashed as it is written."""
    status = os.fstat(handle.fileno())
    reader = _HashingReader(handle)
    info = _tarinfo(name, status.st_size, status.st_mtime if mtime is None else mtime, status.st_mode)
    try:
        archive.addfile(info, reader)
    except OSError as error:  # tarfile read fewer bytes than the size it wrote in the header
        raise BackupError(
            _("%(file)s changed while it was being archived: run the backup again.") % {"file": name}
        ) from error
    return {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def _add_media(
    archive: tarfile.TarFile, files: dict[str, dict[str, Any]], skipped: list[str], exclude: Path
) -> dict[str, Any]:
    """Add every file of both media folders; returns the number and size of files per folder."""
    roots = _media_roots()
    summary = {}
    for prefix, root in roots.items():
        others = [other for other in roots.values() if other != root and _within(other, root)]
        number = total = 0
        for relative, source in _walk_files(root, exclude=[*others, exclude]):
            name = prefix + relative
            try:
                handle = source.open("rb")
            except FileNotFoundError:  # deleted since the walk saw it
                skipped.append(name)
                continue
            with handle:
                files[name] = _add_file(archive, name, handle)
            number += 1
            total += files[name]["size"]
        summary[prefix.rstrip("/")] = {"root": str(root), "files": number, "bytes": total}
    return summary


def _remove_leftovers(folder: Path) -> None:
    """Partial archives and staged database copies that a killed backup left behind (a day old: a
    backup running now is younger). They hold personal data too."""
    limit = datetime.datetime.now().timestamp() - 24 * 3600
    for entry in folder.glob(".wucheng-backup-*"):
        if entry.lstat().st_mtime < limit:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def create_backup(
    directory: str | os.PathLike[str],
    retention: Retention | None = None,
    now: datetime.datetime | None = None,
) -> BackupResult:
    """Write one archive of the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT into ``directory`` (created
    with mode 0700 if missing), then delete older archives there that ``retention`` does not keep."""
    import django
    import wagtail

    folder = Path(directory).resolve()
    for root in _media_roots().values():
        if _within(folder, root):
            raise BackupError(
                _("Do not keep backups inside %(root)s: choose a folder outside the media folders.")
                % {"root": root}
            )
    engine = _engine()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_leftovers(folder)
    created = (now or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC).replace(microsecond=0)
    partial = folder / f".wucheng-backup-{secrets.token_hex(6)}.partial"
    files: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix=".wucheng-backup-", dir=folder) as stage:
            dump = Path(stage) / "database"
            database, counts, migrations = (_dump_postgres if engine == "postgresql" else _dump_sqlite)(dump)
            database["member"] = DATABASE_MEMBERS[engine]
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as archive,
            ):
                with dump.open("rb") as handle:
                    files[database["member"]] = _add_file(
                        archive, database["member"], handle, created.timestamp()
                    )
                dump.unlink()
                media = _add_media(archive, files, skipped, exclude=folder)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created.isoformat().replace("+00:00", "Z"),
                    "software": {
                        "django": django.get_version(),
                        "wagtail": wagtail.__version__,
                        "python": platform.python_version(),
                    },
                    "database": database,
                    "migrations": {app: names[-1] for app, names in migrations.items()},
                    "applied_migrations": migrations,
                    "counts": counts,
                    "media": media,
                    "skipped": skipped,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                archive.addfile(_tarinfo(MANIFEST, len(data), created.timestamp()), io.BytesIO(data))
            with partial.open("rb") as written:
                os.fsync(written.fileno())
        path = _publish(partial, folder, created)
    finally:
        partial.unlink(missing_ok=True)
    removed = prune(folder, retention) if retention else []
    return BackupResult(path=path, size=path.stat().st_size, manifest=manifest, removed=removed)


def _publish(partial: Path, folder: Path, created: datetime.datetime) -> Path:
    """Give the complete archive its name, never replacing another archive (two in one second)."""
    stamp = created.strftime("%Y%m%dT%H%M%SZ")
    counter = 1
    while True:
        path = folder / (
            f"wucheng-backup-{stamp}.tar.gz" if counter == 1 else f"wucheng-backup-{stamp}-{counter}.tar.gz"
        )
        try:
            os.link(partial, path)
        except FileExistsError:
            counter += 1
            continue
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                counter += 1
                continue
            os.rename(partial, path)
        partial.unlink(missing_ok=True)
        _fsync_folder(folder)
        return path


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- verification -----------------------------------------------------------------------------------

DAMAGED = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError)


def _check_member(member: tarfile.TarInfo, seen: set[str]) -> None:
    name = member.name
    parts = PurePosixPath(name).parts
    if (
        not member.isreg()
        or name.startswith("/")
        or ".." in parts
        or "" in name.split("/")
        or not (
            name == MANIFEST
            or name in DATABASE_MEMBERS.values()
            or name.startswith((MEDIA_PREFIX, PRIVATE_PREFIX))
        )
    ):
        raise BackupError(
            _(
                "The archive holds an unexpected entry, %(name)s: it is not a backup of this site. Nothing was changed."
            )
            % {"name": name}
        )
    if name in seen:
        raise BackupError(
            _("The archive holds %(name)s twice: it is not a backup of this site. Nothing was changed.")
            % {"name": name}
        )
    seen.add(name)


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[tarfile.TarFile]:
    """The archive's members in order, one pass. gzip (not tarfile's own stream, which skips the check)
    verifies the CRC and length at the end, and the rest of the file is read to its end: a damaged
    header would otherwise look like the end of the archive."""
    with gzip.open(path, "rb") as compressed, tarfile.open(fileobj=compressed, mode="r|") as archive:
        yield archive
        while compressed.read(CHUNK):
            pass


def _damaged(path: Path, error: BaseException) -> BackupError:
    return BackupError(
        _(
            "The archive %(path)s is damaged or incomplete (%(error)s): it was probably truncated or "
            "corrupted in transit. Nothing was changed; use another copy."
        )
        % {"path": path, "error": str(error) or type(error).__name__}
    )


def verify_archive(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the whole archive and check every member against the manifest; returns the manifest.
    Writes nothing. A damaged, truncated, incomplete or foreign archive raises BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("No archive at %(path)s.") % {"path": path})
    digests: dict[str, dict[str, Any]] = {}
    manifest_data = None
    seen: set[str] = set()
    foreign: BackupError | None = None
    try:
        with _reading(path) as archive:
            for member in archive:
                try:
                    _check_member(member, seen)
                    if member.name == MANIFEST and member.size > MANIFEST_MAX_BYTES:
                        raise BackupError(_("The archive's manifest is too large. Nothing was changed."))
                except BackupError as error:
                    # Read on to the end first: damage (a garbled header) is the likelier cause.
                    foreign = error
                    break
                handle = archive.extractfile(member)
                assert handle is not None  # a regular file, checked above
                if member.name == MANIFEST:
                    manifest_data = handle.read()
                    continue
                digest, size = hashlib.sha256(), 0
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                digests[member.name] = {"sha256": digest.hexdigest(), "size": size}
    except DAMAGED as error:
        raise _damaged(path, error) from error
    if foreign is not None:
        raise foreign
    if manifest_data is None:
        raise BackupError(
            _(
                "The archive has no manifest.json: it is incomplete or not a backup of this site. "
                "Nothing was changed."
            )
        )
    try:
        manifest = json.loads(manifest_data)
    except ValueError as error:
        raise BackupError(_("The archive's manifest is not valid JSON. Nothing was changed.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("The archive is not a backup of this site (unknown format). Nothing was changed.")
        )
    if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
        raise BackupError(
            _(
                "The archive was written by a newer version of the site (backup format %(version)s; this "
                "code reads format %(ours)s). Nothing was changed: upgrade the code first."
            )
            % {"version": manifest.get("format_version"), "ours": FORMAT_VERSION}
        )
    listed = manifest.get("files") or {}
    missing = sorted(set(listed) - set(digests))
    extra = sorted(set(digests) - set(listed))
    wrong = sorted(name for name in set(listed) & set(digests) if listed[name] != digests[name])
    if missing or extra or wrong:
        problems = [
            *(_("%(name)s: missing") % {"name": name} for name in missing),
            *(_("%(name)s: not in the manifest") % {"name": name} for name in extra),
            *(_("%(name)s: checksum or size differs") % {"name": name} for name in wrong),
        ]
        raise BackupError(
            _("The archive does not match its manifest, so it is damaged: %(problems)s. Nothing was changed.")
            % {"problems": "; ".join(problems[:10]) + (" …" if len(problems) > 10 else "")}
        )
    database = manifest.get("database") or {}
    dump = database.get("member")
    if not dump or dump != DATABASE_MEMBERS.get(database.get("engine", "")) or dump not in digests:
        raise BackupError(_("The archive holds no database. Nothing was changed."))
    return manifest


# --- compatibility and the target -------------------------------------------------------------------


def code_migrations() -> set[tuple[str, str]]:
    """Every migration this code knows: on disk, and those a squashed migration on disk replaces."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    return known


def check_compatible(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """Refuse an archive of another database engine or of a newer schema (migrations this code does
    not have). Returns the migrations the code has that the archive's database has not applied (the
    archive is older: `migrate` brings it up to date after the restore)."""
    engine = _engine()
    archived = manifest["database"]["engine"]
    if archived != engine:
        raise BackupError(
            _(
                "The archive holds a %(archived)s database and this installation uses %(engine)s: restore "
                "it into a %(archived)s installation (set DATABASE_URL). Converting between engines is "
                "not supported. Nothing was changed."
            )
            % {"archived": ENGINE_NAMES.get(archived, archived), "engine": ENGINE_NAMES[engine]}
        )
    known = code_migrations()
    applied = {
        (app, name) for app, names in (manifest.get("applied_migrations") or {}).items() for name in names
    }
    unknown = sorted(applied - known)
    if unknown:
        raise BackupError(
            _(
                "The archive comes from a newer version of the site: its database has migrations this code "
                "does not have (%(migrations)s). Deploy the version the backup was made with (or newer), "
                "then restore. Nothing was changed."
            )
            % {
                "migrations": ", ".join(f"{app}.{name}" for app, name in unknown[:10])
                + (" …" if len(unknown) > 10 else "")
            }
        )
    from django.db.migrations.loader import MigrationLoader

    # With no connection the loader's graph uses every squashed migration in place of those it replaces.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    pending = []
    for key in sorted(loader.graph.nodes):
        replaces = {tuple(item) for item in loader.graph.nodes[key].replaces or []}
        if key not in applied and not (replaces and replaces <= applied):
            pending.append(key)
    return pending


def installation_contents() -> list[str]:
    """What this installation already holds, in words; empty when it is empty enough to restore into:
    a database with no tables or with only what `migrate` creates (the root page and a home page that
    no one has edited: no revision; no documents, images, users or private records), and no files in
    either media folder."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor)) - _cache_tables()
        if existing and "wagtailcore_page" not in existing:
            found.append(_("%(count)s database tables of something else") % {"count": len(existing)})
        elif existing:
            cursor.execute(
                "SELECT COUNT(*) FROM wagtailcore_page WHERE depth > 2 OR (depth = 2 AND latest_revision_id IS NOT NULL)"
            )
            pages = cursor.fetchone()[0]
            counts = _count_rows(cursor, connection.ops.quote_name, existing)
            if pages:
                found.append(f"pages: {pages}")
            for key in ("revisions", *CONTENT_KEYS):
                if counts.get(key):
                    found.append(f"{key}: {counts[key]}")
    for root in _media_roots().values():
        number = sum(1 for _file in _walk_files(root))
        if number:
            found.append(_("files in %(root)s: %(count)s") % {"count": number, "root": root})
    return found


def current_counts() -> dict[str, int | None]:
    from django.db import connection

    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        return _count_rows(cursor, connection.ops.quote_name, existing)


# --- restore ----------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    files: dict[str, int]
    removed: int
    counts: dict[str, int | None]
    differences: list[str]


def _write_member(handle: IO[bytes], target: Path, expected: dict[str, Any], mode: int) -> None:
    """Write one member to ``target`` under a temporary name, check it, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restoring")
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("xb") as out:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if {"sha256": digest.hexdigest(), "size": size} != expected:
            raise BackupError(
                _("%(name)s changed since the archive was verified: the restore is incomplete.")
                % {"name": target.name}
            )
        os.chmod(partial, (mode & 0o777) | 0o600)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _restore_sqlite(dump: Path) -> None:
    """Replace the database's content with the archived copy through the backup API (all pages in one
    step, inside the destination's own transaction)."""
    from django.db import connection, connections

    params = connection.get_connection_params()
    connections.close_all()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(params["database"], uri=params.get("uri", False))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgres(dump: Path) -> None:
    """pg_restore's SQL, after dropping what the database holds, through psql in ONE transaction: if
    anything fails the database is left as it was."""
    from django.db import connection, connections

    major = _server_major()
    pg_restore = postgres_program("pg_restore", major)
    psql = postgres_program("psql", major)
    env = _postgres_env()
    quote = connection.ops.quote_name
    drops = []
    with connection.cursor() as cursor:
        for table in connection.introspection.get_table_list(cursor):
            kind = "VIEW" if table.type == "v" else "TABLE"
            drops.append(f"DROP {kind} IF EXISTS {quote(table.name)} CASCADE;")
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' AND pg_catalog.pg_table_is_visible(c.oid)"
        )
        drops += [f"DROP SEQUENCE IF EXISTS {quote(row[0])} CASCADE;" for row in cursor.fetchall()]
    connections.close_all()
    with tempfile.TemporaryDirectory(prefix="wucheng-restore-sql-") as folder:
        prelude = Path(folder) / "drop.sql"
        prelude.write_text("\n".join(drops) + "\n", encoding="utf-8")
        errors = Path(folder) / "errors"
        with (
            (errors.with_suffix(".restore")).open("w+") as restore_errors,
            errors.with_suffix(".psql").open("w+") as psql_errors,
        ):
            producer = subprocess.Popen(
                [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(dump)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=restore_errors,
            )
            consumer = subprocess.Popen(
                [
                    psql,
                    "--no-psqlrc",
                    "--quiet",
                    "--no-password",
                    "--set=ON_ERROR_STOP=1",
                    "--single-transaction",
                ]
                + ["--file", str(prelude), "--file", "-"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_errors,
            )
            assert producer.stdout is not None and consumer.stdin is not None
            try:
                while chunk := producer.stdout.read(CHUNK):
                    consumer.stdin.write(chunk)
            except BrokenPipeError:  # psql stopped at an error: its message says which
                producer.kill()
            producer.wait()
            if producer.returncode != 0 and consumer.poll() is None:
                # Kill psql before it reads the end of its input (and commits a partial restore).
                consumer.kill()
            with contextlib.suppress(BrokenPipeError):
                consumer.stdin.close()
            consumer.wait()
            restore_errors.seek(0)
            psql_errors.seek(0)
            if consumer.returncode != 0 or producer.returncode != 0:
                message = (psql_errors.read().strip() or restore_errors.read().strip())[-2000:]
                raise BackupError(
                    _("The database could not be restored and was left as it was: %(error)s")
                    % {"error": message}
                )


def restore_archive(
    path: str | os.PathLike[str], manifest: dict[str, Any], replace: bool = False
) -> RestoreResult:
    """Load a verified archive: the database first (in one step), then the files; with ``replace``,
    files in the media folders that the archive does not hold are deleted afterwards, so the
    installation ends up equal to the archive. Then compare the counts with the manifest."""
    from django.db import connections

    path = Path(path)
    engine = manifest["database"]["engine"]
    listed = manifest["files"]
    roots = _media_roots()
    written = dict.fromkeys(roots, 0)
    restored: set[str] = set()
    seen: set[str] = set()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="wucheng-restore-") as stage,
            _reading(path) as archive,
        ):
            for member in archive:
                _check_member(member, seen)  # again: the file could have changed since it was verified
                if member.name not in listed and member.name != MANIFEST:
                    raise BackupError(
                        _("%(name)s changed since the archive was verified: the restore is incomplete.")
                        % {"name": member.name}
                    )
                handle = archive.extractfile(member)
                assert handle is not None
                if member.name == MANIFEST:
                    continue
                if member.name == manifest["database"]["member"]:
                    dump = Path(stage) / "database"
                    _write_member(handle, dump, listed[member.name], 0o600)
                    (_restore_postgres if engine == "postgresql" else _restore_sqlite)(dump)
                    dump.unlink()
                    continue
                prefix = MEDIA_PREFIX if member.name.startswith(MEDIA_PREFIX) else PRIVATE_PREFIX
                relative = member.name[len(prefix) :]
                _write_member(handle, roots[prefix] / relative, listed[member.name], member.mode)
                written[prefix] += 1
                restored.add(member.name)
    except DAMAGED as error:
        raise BackupError(
            _(
                "The restore stopped (%(error)s): the installation is incomplete. Fix the cause and run "
                "restore again with --force."
            )
            % {"error": error}
        ) from error
    removed = 0
    if replace:
        for prefix, root in roots.items():
            others = [other for other in roots.values() if other != root and _within(other, root)]
            for relative, file in list(_walk_files(root, exclude=others)):
                if prefix + relative not in restored:
                    file.unlink()
                    removed += 1
    connections.close_all()
    counts = current_counts()
    differences = [
        f"{key}: {expected} → {counts.get(key)}"
        for key, expected in (manifest.get("counts") or {}).items()
        if expected is not None and counts.get(key) != expected
    ]
    return RestoreResult(
        manifest=manifest,
        files={prefix.rstrip("/"): number for prefix, number in written.items()},
        removed=removed,
        counts=counts,
        differences=differences,
    )
