"""`backup` and `restore` (wucheng_site/backups.py, docs/backups.md), on the engine the suite runs on.

The round trip is as honest as we can make it: every step runs the management command in its own process
with its own DATABASE_URL and media folders, as an operator would (as manage.py does, in English). The source installation is a copy of the
session's test database (built by the real `migrate` and `setup_site`; migrating a new database costs
30 s on SQLite and over a minute on PostgreSQL here) with content added by the factories, in another
process; the archive is restored into a FRESH database (PostgreSQL: a new database on the same server;
SQLite: a new file) with new, empty media folders, and the two installations are compared: counts,
pages, revisions, documents, private records and the checksum of every file.
"""

import datetime
import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tarfile
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections
from django.utils import translation

from wucheng_site import backups
from wucheng_site.backups import (
    BackupError,
    Retention,
    archives_to_keep,
    check_compatible,
    prune,
    verify_archive,
)

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = connection.vendor == "postgresql"
# Every test needs the session's test database set up (pytest-django only creates it for marked tests):
# the installations are copies of it. Nothing here writes to it.
pytestmark = pytest.mark.django_db
ENGLISH_MANAGE = (
    "import sys, django; django.setup(); from django.utils import translation; translation.activate('en'); "
    "from django.core.management import execute_from_command_line; execute_from_command_line(sys.argv)"
)


# --- run in the installations' own processes ------------------------------------------------------------


def build_content():
    """Content of every kind a backup must carry, built with the factories in the source installation's
    process: pages with several revisions, a document attached to a published disclosure, an image with
    a rendition in a story, and private records with their files in PRIVATE_MEDIA_ROOT (a report of
    concern with evidence and a staff note, a nomination with a supporting file, a policy comment)."""
    from wagtail.log_actions import log

    from awards.decisions import RECEIVE_NOMINATION
    from awards.models import NominationFile
    from awards.phases import Phase
    from oversight.handling import ReportStatus
    from oversight.models import ReportNote
    from stories.models import StoryIndexPage
    from tests.awards.factories import make_edition, make_nomination
    from tests.disclosures.factories import add_disclosure, add_document
    from tests.factories import PDF_BYTES, make_organisation, section, upload
    from tests.oversight.factories import add_evidence, make_report
    from tests.policies.factories import make_comment, make_policy
    from tests.stories.factories import add_story, image_block, make_image

    organisation = make_organisation("备份测试慈善会", account="backup-org")
    document = add_document(organisation, title="备份测试审计报告")
    disclosure = add_disclosure(organisation, "2025年度审计报告", attachments=[document])
    disclosure.title = "2025年度审计报告（修订）"
    disclosure.save_revision().publish(skip_permission_checks=True)
    disclosure.title = "2025年度审计报告（草稿）"
    disclosure.save_revision()
    image = make_image("备份测试插图")
    image.get_rendition("fill-80x50")
    add_story(section(StoryIndexPage), "备份测试故事", body=[image_block(image)])
    report = make_report(
        organisation=organisation,
        status=ReportStatus.ACCEPTED,
        evidence=[("现场照片.pdf", PDF_BYTES)],
        reporter_name="王五",
        reporter_contact="13900001111",
    )
    add_evidence(report, "收据.pdf", PDF_BYTES + b"%receipt\n")
    ReportNote.objects.create(report=report, text="已电话联系举报人核实。")
    make_comment(make_policy(), name="张三", contact="13800000000")
    nomination = make_nomination(make_edition(Phase.REVIEW))
    log(instance=nomination, action=RECEIVE_NOMINATION, user=None, data={"reference": nomination.reference})
    supporting = NominationFile(nomination=nomination, original_name="事迹材料.pdf")
    supporting.file.save("事迹材料.pdf", upload("事迹材料.pdf", PDF_BYTES + b"%deeds\n"), save=True)


def describe_installation():
    """What an installation holds, as JSON-able data two installations can be compared on: the counts,
    every page and revision, the documents, renditions and private files with their checksums, every
    file in both media folders, and how the site answers for a published disclosure and its document."""
    from django.conf import settings
    from django.test import Client
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from awards.models import Nomination, NominationFile
    from disclosures.models import DisclosurePage
    from oversight.models import Report, ReportEvidence, ReportNote
    from policies.models import PolicyComment

    def digest(field):
        with field.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    def folder(root):
        root = Path(root)
        return {
            path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    disclosure = DisclosurePage.objects.live().get(slug__startswith="test-")
    document = disclosure.attachments.first().document
    client = Client()
    page_response = client.get(disclosure.url)
    document_response = client.get(document.url)
    document_body = b"".join(document_response.streaming_content) if document_response.streaming else b""
    Rendition = get_image_model().get_rendition_model()
    return {
        "counts": backups.current_counts(),
        "pages": [
            list(row)
            for row in Page.objects.order_by("pk").values_list("pk", "title", "live", "latest_revision")
        ],
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", flat=True)),
        "documents": [
            [d.pk, d.title, d.file.name, digest(d.file)] for d in get_document_model().objects.order_by("pk")
        ],
        "renditions": [[r.pk, r.file.name, digest(r.file)] for r in Rendition.objects.order_by("pk")],
        "reports": [
            [r.reference, r.description, r.reporter_name, r.reporter_contact, r.status]
            for r in Report.objects.order_by("pk")
        ],
        "evidence": [
            [e.original_name, e.file.name, digest(e.file)] for e in ReportEvidence.objects.order_by("pk")
        ],
        "notes": list(ReportNote.objects.order_by("pk").values_list("text", flat=True)),
        "nominations": list(Nomination.objects.order_by("pk").values_list("reference", "nominee_name")),
        "nomination_files": [
            [f.original_name, digest(f.file)] for f in NominationFile.objects.order_by("pk")
        ],
        "comments": [
            list(row)
            for row in PolicyComment.objects.order_by("pk").values_list("reference", "name", "contact")
        ],
        "media": folder(settings.MEDIA_ROOT),
        "private_media": folder(settings.PRIVATE_MEDIA_ROOT),
        "disclosure_page": [page_response.status_code, disclosure.title],
        "published_document": [document_response.status_code, hashlib.sha256(document_body).hexdigest()],
    }


@dataclass
class Installation:
    database_url: str
    media: Path

    @property
    def private_media(self):
        # The test settings put private media beside MEDIA_ROOT (wucheng_site/settings/test.py).
        return self.media.parent / (self.media.name + "-private")

    def environment(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CACHE_URL", "SEARCH_URL", "PRIVATE_MEDIA_ROOT", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="wucheng_site.settings.test",
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.media),
            SEARCH_BACKEND="database",
            PYTHONPATH=str(ROOT),
        )
        return env

    def manage(self, *args, input=None):
        """`manage.py ARGS` in this installation, in English (the site's default language is Chinese
        and these tests read the messages): what manage.py does, after activating English."""
        return subprocess.run(
            [sys.executable, "-c", ENGLISH_MANAGE, *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            input=input,
            timeout=600,
        )

    def python(self, function):
        code = f"import django, json; django.setup(); from tests.wucheng_site import test_backup as t; print(json.dumps(t.{function}()))"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def database_has_tables(self):
        if POSTGRES:
            with _server(self.database_url) as server:
                return (
                    server.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
                    > 0
                )
        path = Path(self.database_url.removeprefix("sqlite:///"))
        if not path.exists():
            return False
        with closing(sqlite3.connect(path)) as database:
            return (
                database.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
            )

    def page_count(self):
        if POSTGRES:
            with _server(self.database_url) as server:
                return server.execute("SELECT COUNT(*) FROM wagtailcore_page").fetchone()[0]
        with closing(sqlite3.connect(self.database_url.removeprefix("sqlite:///"))) as database:
            return database.execute("SELECT COUNT(*) FROM wagtailcore_page").fetchone()[0]


def _server(database_url, dbname=None):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
    )


class Databases:
    """New databases for installations: empty, or a copy of the session's skeleton; PostgreSQL ones are
    dropped at the end of the module."""

    def __init__(self, folder, blocker):
        self.folder, self.blocker, self.created = folder, blocker, []

    def _new(self, template):
        name = f"wucheng_backup_{uuid.uuid4().hex[:10]}"
        if not POSTGRES:
            return f"sqlite:///{self.folder / name}.sqlite3"
        url = os.environ["DATABASE_URL"]
        with _server(url, "postgres") as server:
            server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return urlsplit(url)._replace(path=f"/{name}").geturl()

    def fresh(self, media):
        return Installation(self._new("template0"), media)

    def skeleton(self, media):
        """A copy of the session database: the site skeleton that `setup_site` built, no content. Only
        outside a test's transaction (module fixtures), which copying must not see or disturb."""
        with self.blocker.unblock():
            name = str(connection.settings_dict["NAME"])
            assert name.startswith("test_") or "memory" in name, f"{name} is not a test database"
            if POSTGRES:
                template = connection.settings_dict["NAME"]
                connections.close_all()  # CREATE DATABASE … TEMPLATE wants no one connected to it
                return Installation(self._new(template), media)
            url = self._new(None)
            connection.ensure_connection()
            with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as copy:
                connection.connection.backup(copy)
            return Installation(url, media)

    def drop_all(self):
        if POSTGRES and self.created:
            with _server(os.environ["DATABASE_URL"], "postgres") as server:
                for name in self.created:
                    server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Source:
    installation: Installation
    archive: Path
    manifest: dict
    description: dict
    output: str


@pytest.fixture(scope="module")
def databases(tmp_path_factory, django_db_setup, django_db_blocker):
    pool = Databases(tmp_path_factory.mktemp("backup-databases"), django_db_blocker)
    yield pool
    pool.drop_all()


@pytest.fixture(scope="module")
def source(databases, tmp_path_factory):
    """A site with content of every kind, backed up once for the module."""
    folder = tmp_path_factory.mktemp("backup-source")
    installation = databases.skeleton(folder / "media")
    installation.python("build_content")
    result = installation.manage("backup", str(folder / "archives"))
    assert result.returncode == 0, result.stdout + result.stderr
    (archive,) = (folder / "archives").iterdir()
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    return Source(
        installation, archive, manifest, installation.python("describe_installation"), result.stdout
    )


# --- the round trip -------------------------------------------------------------------------------------


def test_round_trip_into_a_fresh_database_restores_every_record_and_file(source, databases, tmp_path):
    described = source.description
    counts = described["counts"]
    # The source really holds what the test is about (otherwise the comparison proves nothing).
    assert counts["revisions"] > counts["pages"] > 20
    for key in (
        "documents",
        "images",
        "renditions",
        "users",
        "oversight_reports",
        "report_notes",
        "award_nominations",
        "nomination_files",
        "policy_comments",
        "private_log_entries",
    ):
        assert counts[key] >= 1, key
    assert counts["report_evidence_files"] == 2
    assert any(name.startswith("images/") for name in described["media"])  # the rendition
    assert any(name.startswith("documents/") for name in described["media"])
    assert len(described["private_media"]) == 3  # two evidence files, one supporting file
    assert described["disclosure_page"][0] == 200
    assert described["published_document"][0] == 200

    target = databases.fresh(tmp_path / "media")
    assert not target.database_has_tables()
    result = target.manage("restore", str(source.archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All counts match the archive." in result.stdout

    restored = target.python("describe_installation")
    assert restored == described
    assert restored["counts"] == source.manifest["counts"]
    # Every file restored is the one archived, byte for byte.
    archived = {
        name: entry["sha256"]
        for name, entry in source.manifest["files"].items()
        if name.startswith(("media/", "private-media/"))
    }
    restored_files = {f"media/{name}": digest for name, digest in restored["media"].items()} | {
        f"private-media/{name}": digest for name, digest in restored["private_media"].items()
    }
    assert restored_files == archived


def test_archive_is_private_named_in_utc_and_lists_every_member_with_its_checksum(source):
    assert re.fullmatch(r"wucheng-backup-\d{8}T\d{6}Z\.tar\.gz", source.archive.name)
    assert stat.S_IMODE(source.archive.stat().st_mode) == 0o600
    assert not [p for p in source.archive.parent.iterdir() if p != source.archive]  # no temporary left
    manifest = source.manifest
    assert manifest["format_version"] == backups.FORMAT_VERSION
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["counts"] == source.description["counts"]
    assert manifest["migrations"]["oversight"] == manifest["applied_migrations"]["oversight"][-1]
    members = {}
    with tarfile.open(source.archive) as opened:
        for member in opened:
            if member.name != "manifest.json":
                data = opened.extractfile(member).read()
                members[member.name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert members == manifest["files"]
    assert manifest["database"]["member"] in members
    assert sum(name.startswith("private-media/oversight/") for name in members) == 2
    assert "Backup written" in source.output


# --- refusals -------------------------------------------------------------------------------------------


def _repack(archive, destination, prefix, change):
    """A copy of ``archive``, a valid gzip tar again, with the first member under ``prefix`` changed."""
    with tarfile.open(archive) as original, tarfile.open(destination, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read()
            if prefix and member.name.startswith(prefix):
                data, prefix = change(data), None
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return destination


def _damaged_copies(archive, folder):
    data = archive.read_bytes()
    truncated = folder / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    flipped = folder / "flipped.tar.gz"
    middle = len(data) // 2
    flipped.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    garbage = folder / "not-an-archive.tar.gz"
    garbage.write_bytes(b"this is not a backup\n")
    changed = _repack(archive, folder / "changed.tar.gz", "private-media/", lambda data: data + b"x")
    return {
        truncated: "damaged or incomplete",
        flipped: "damaged or incomplete",
        garbage: "damaged or incomplete",
        changed: "does not match its manifest",
    }


def test_a_damaged_archive_is_refused_before_anything_changes(source, databases, tmp_path):
    copies = _damaged_copies(source.archive, tmp_path)
    for path, message in copies.items():
        with translation.override("en"), pytest.raises(BackupError, match=message):
            verify_archive(path)
    assert verify_archive(source.archive)["files"] == source.manifest["files"]  # the positive control

    # End to end, with the subtlest damage (a valid gzip whose member differs from the manifest).
    target = databases.fresh(tmp_path / "media")
    result = target.manage("restore", str(tmp_path / "changed.tar.gz"))
    assert result.returncode != 0
    assert "does not match its manifest" in result.stderr and "Nothing was changed" in result.stderr, (
        result.stderr
    )
    assert not target.database_has_tables()
    assert not target.media.exists() and not target.private_media.exists()


@pytest.fixture(scope="module")
def skeleton(databases, tmp_path_factory):
    return databases.skeleton(tmp_path_factory.mktemp("backup-skeleton") / "media")


def test_a_non_empty_installation_is_refused_and_replaced_only_with_force(source, skeleton):
    target = skeleton  # the bare site skeleton already has pages
    stray = target.private_media / "stray" / "left-over.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4 someone else's file\n")
    skeleton_pages = target.page_count()

    refused = target.manage("restore", str(source.archive))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--force" in refused.stderr, refused.stderr
    assert target.page_count() == skeleton_pages
    assert stray.exists()

    cancelled = target.manage("restore", str(source.archive), "--force", input="no\n")
    assert cancelled.returncode != 0 and "cancelled" in cancelled.stderr
    assert target.page_count() == skeleton_pages

    forced = target.manage("restore", str(source.archive), "--force", "--no-input")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "All counts match the archive." in forced.stdout
    assert target.page_count() == source.manifest["counts"]["pages"]
    assert not stray.exists()  # the installation now equals the archive
    restored = {
        path.relative_to(target.private_media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in target.private_media.rglob("*")
        if path.is_file()
    }
    assert restored == source.description["private_media"]


def test_an_archive_of_the_other_engine_is_refused(source):
    manifest = json.loads(json.dumps(source.manifest))
    other = "sqlite" if POSTGRES else "postgresql"
    manifest["database"]["engine"] = other
    with (
        translation.override("en"),
        pytest.raises(BackupError, match="Converting between engines is not supported"),
    ):
        check_compatible(manifest)


def test_an_archive_from_a_newer_schema_is_refused(source):
    manifest = json.loads(json.dumps(source.manifest))
    manifest["applied_migrations"]["oversight"].append("0999_from_a_later_version")
    with (
        translation.override("en"),
        pytest.raises(BackupError, match=r"newer version of the site.*oversight\.0999_from_a_later_version"),
    ):
        check_compatible(manifest)
    assert check_compatible(json.loads(json.dumps(source.manifest))) == []  # the positive control


def test_an_older_archive_is_accepted_with_the_migrations_it_lacks_to_run(source):
    manifest = json.loads(json.dumps(source.manifest))
    latest = manifest["applied_migrations"]["oversight"].pop()
    assert check_compatible(manifest) == [("oversight", latest)]


# --- backup folder and retention ------------------------------------------------------------------------


def test_backups_are_never_written_inside_the_media_folders(settings):
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        with translation.override("en"), pytest.raises(BackupError, match="outside the media folders"):
            backups.create_backup(Path(root) / "backups")


def _names(*stamps):
    return [f"wucheng-backup-{stamp}.tar.gz" for stamp in stamps]


def test_retention_keeps_the_newest_archive_of_each_day_week_and_month():
    names = _names(
        "20260105T183000Z",  # Monday, week 2
        "20260106T183000Z",
        "20260107T020000Z",  # two on 7 January: the later one counts for the day
        "20260107T183000Z",
        "20251231T183000Z",  # December, week 1 of 2026 (ISO)
        "20251130T183000Z",  # November, week 48
    )
    assert archives_to_keep(names, Retention(daily=2)) == set(_names("20260107T183000Z", "20260106T183000Z"))
    assert archives_to_keep(names, Retention(weekly=2)) == set(_names("20260107T183000Z", "20251231T183000Z"))
    assert archives_to_keep(names, Retention(monthly=3)) == set(
        _names("20260107T183000Z", "20251231T183000Z", "20251130T183000Z")
    )
    assert archives_to_keep(names, Retention(daily=1, monthly=2)) == set(
        _names("20260107T183000Z", "20251231T183000Z")
    )
    # The newest archive is always kept, and a period without a backup uses up no allowance.
    assert archives_to_keep(names, Retention()) == set(_names("20260107T183000Z"))
    assert archives_to_keep(_names("20250101T000000Z", "20240101T000000Z"), Retention(daily=2)) == set(
        _names("20250101T000000Z", "20240101T000000Z")
    )


def test_pruning_deletes_only_archives_the_rule_does_not_keep(tmp_path):
    for name in _names("20260101T000000Z", "20260102T000000Z", "20260103T000000Z", "20260103T000000Z-2"):
        (tmp_path / name).write_bytes(b"archive")
    (tmp_path / "notes.txt").write_text("not an archive")
    (tmp_path / "wucheng-backup-20260101T000000Z.tar.gz.age").write_bytes(b"an encrypted copy")
    removed = prune(tmp_path, Retention(daily=2))
    assert sorted(path.name for path in removed) == _names("20260101T000000Z", "20260103T000000Z")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            *_names("20260102T000000Z", "20260103T000000Z-2"),
            "notes.txt",
            "wucheng-backup-20260101T000000Z.tar.gz.age",
        ]
    )


def test_an_archive_never_replaces_another_made_in_the_same_second(tmp_path):
    created = datetime.datetime(2026, 12, 7, 19, 15, tzinfo=datetime.UTC)
    names = []
    for content in (b"first", b"second"):
        partial = tmp_path / ".wucheng-backup-test.partial"
        partial.write_bytes(content)
        names.append(backups._publish(partial, tmp_path, created).name)
        assert not partial.exists()
    assert names == ["wucheng-backup-20261207T191500Z.tar.gz", "wucheng-backup-20261207T191500Z-2.tar.gz"]
    assert (tmp_path / names[0]).read_bytes() == b"first"


def test_leftovers_of_a_killed_backup_are_removed_a_day_later(tmp_path):
    old, recent = tmp_path / ".wucheng-backup-old.partial", tmp_path / ".wucheng-backup-recent.partial"
    stage = tmp_path / ".wucheng-backup-stage"
    stage.mkdir()
    (stage / "database").write_bytes(b"a copy of the database")
    for path in (old, recent):
        path.write_bytes(b"half an archive")
    a_day_ago = time.time() - 25 * 3600
    for path in (old, stage):
        os.utime(path, (a_day_ago, a_day_ago))
    backups._remove_leftovers(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [recent.name]
