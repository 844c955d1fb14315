"""Bulk import of disclosures from JSON Lines (format: ../shared/samples/README.md).

Each line is one disclosure with its organisation. Lines are validated one by one; a bad line is
reported with its number and reason and skipped, and nothing else is lost. Organisations are identified
by credit code, disclosures by organisation and title, attachments by content hash — so importing the
same file again changes nothing. Every non-blank line ends up created, updated, unchanged or refused
(``ImportReport.accounted_for``).

The record's rules (disclosures/integrity.py, docs/disclosures.md "Bulk import"):

- A line's ``published_on`` is a *declared* date (where: ``--source``). The import is run by the
  civil-affairs bureau itself, so it confirms the dates it brings (DeclaredDateConfirmation with
  ``basis`` "import of FILE"); a date not earlier than the first publication here adds nothing.
- A line naming its organisation differently is imported under the stored name, with a warning;
  only ``--rename-organisations`` renames, keeping the old name as a former name (曾用名).
- A second disclosure of the same obligation (record.find_duplicates) is refused: the line must be
  sent as a ``correction`` that ``corrects`` the existing one.
- A ``correction`` is linked to the disclosure its ``corrects`` names, even one later in the file;
  one that cannot be linked is imported anyway and left for staff (Reports → Unlinked corrections).
- Changed content of a published disclosure is published with a correction note naming the file and
  line, so the correction recorded automatically (record.record_correction) says where it came from.

Imported pages are published with a revision attributed to the import account, so the admin history
says where they came from. The management command only parses arguments and prints.

**Batches** (docs/disclosures.md "Bulk import", figures in bench/README.md). Lines are read
``batch_size`` at a time (default 500), and each batch is one transaction:

1. What the batch's lines need from the database is loaded at once: their organisations by credit code,
   and of those organisations' disclosures the ones with the lines' titles (with attachments and
   confirmations), the yearly reports of the lines' types and years (duplicates), the plans progress
   reports may refer to, and the slugs a new page could take.
2. Each line is then imported as before, but a *new* page is only validated and kept for the end of
   the batch; changes to existing pages and organisations, and new documents and collections, are
   written at once as before (they are rare: a re-import of changed lines). A line that writes does
   so in its own savepoint, made before its first write (``_LazySavepoint``); the others need none.
3. At the end of the batch (or before a line that refers to a page created earlier in the same
   batch) the new organisations and disclosures are written and published together
   (``bulk_publish.publish_new_pages``: pages, revisions, log entries, search and reference index in a
   few queries per batch), with their declared-date confirmations.

Should that final write fail (a database error no line's validation foresaw), the batch's transaction
is rolled back and its lines are imported again one at a time, each a batch of its own, so the line at
fault is reported with its number and no other line is lost. Pages written in bulk send no
``page_published`` signal; what its receivers do is done here instead (``PAGE_PUBLISHED_RECEIVERS``).
"""

import dataclasses
import datetime
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page

from wucheng_site.frontend_cache import purge_for_pages

from . import integrity
from .accounts import organisation_collection, section_collection
from .bulk_publish import (
    add_sorted_children,
    insert_without_ids,
    publish_new_pages,
    search_upkeep_deferred,
    validate_new_page,
)
from .compliance import DisclosureType
from .figures import FIGURE_FIELDS
from .import_lines import ImportReport, LineError, body_html, parse_line, raw_lines
from .models import (
    REPORTS_ON,
    DisclosureAttachment,
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationFormerName,
    OrganisationPage,
)
from .models.disclosure import reported_plan_among
from .record import DeclaredDateConfirmation, with_record_dates
from .signals import summaries_suspended
from .standing import RECORD_FIELDS, refresh_summary

IMPORT_USERNAME = "disclosure-import"
BATCH_SIZE = 500
# Extracted texts of attachments kept for files attached again later in the run (by file hash).
TEXTS_KEPT = 256

# Written into the record itself (public content in the site's language, like what a clerk would
# type), not translated per reader: where an imported date was first published when ``--source`` is
# not given, and the correction note of a disclosure an import changed.
DEFAULT_SOURCE = "导入文件 {file}"
CORRECTION_NOTE = "按导入文件 {file} 第 {line} 行更新"
# DeclaredDateConfirmation.basis (seen by staff; the migration's basis is English too).
CONFIRMATION_BASIS = "import of {file}"

# The receivers of the signals Wagtail's way of publishing sends for the models the import writes in
# bulk, and what stands in for each (tests/disclosures/test_import_batches.py fails when another
# receiver is connected, so that its work is added here too).
PAGE_PUBLISHED_RECEIVERS = {
    "disclosures.signals._record_correction": "a new page has no earlier publication to compare with",
    "disclosures.signals._reindex_with_attachments": "bulk_publish indexes pages with their attachments",
    "disclosures.signals._refresh": "summaries refreshed once per organisation at the end of the run",
    "disclosures.signals._reindex_disclosures_when_renamed": (
        "a new organisation has no earlier name to replace (a rename is published the Wagtail way)"
    ),
    "wucheng_site.frontend_cache._on_publish_or_unpublish": "purge_for_pages once at the end of the run",
    "home.chrome._page_changed": "new pages are below the chrome's levels and not in the navigation",
}
POST_SAVE_RECEIVERS = {
    "modelsearch.signal_handlers.post_save_signal_handler": "bulk_publish: the backends' add_bulk",
    "wagtail.signal_handlers.update_reference_index_on_save": "bulk_publish: ReferenceIndex rows",
    "wucheng_site.frontend_cache._on_everywhere_change": "only for settings and snippets",
    "home.chrome._page_saved": "only for pages of the top two levels (imported ones are below)",
}

# Fields of the disclosures loaded for every line of a batch (duplicates, slugs, plans), as named
# tuples with a page's attribute names, so that the pages created since can stand among them.
_ROW_FIELDS = ("path", "title", "slug", "translation_key", "disclosure_type", "year")


@dataclass
class _LineState:
    """What one line did, applied to the report only if the line is imported (its savepoint kept)."""

    counts: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    cached_codes: list = field(default_factory=list)
    pending_link: tuple | None = None  # (page or None in a dry run, credit code, title it corrects)
    title: tuple | None = None  # (credit code, title) imported by the line
    duplicate_key: tuple | None = None
    new_organisation: OrganisationPage | None = None  # to be created at the end of the batch
    new_page: tuple | None = None  # (organisation, page) to be created at the end of the batch
    new_confirmation: datetime.date | None = None  # the declared date the new page's import confirms
    updated_page: DisclosurePage | None = None  # changed and published by the line
    changed_ids: list = field(default_factory=list)  # pages the line changed (frontend cache)
    changed_codes: set = field(default_factory=set)  # organisations it changed (their cached copies too)
    collection_codes: set = field(default_factory=set)  # organisations whose collection it looked up or made


@dataclass
class _Known:
    """One organisation's disclosures, as far as the lines of the batch need them."""

    by_title: dict = field(default_factory=dict)  # title → DisclosurePage (complete), first in tree order
    rows: list = field(default_factory=list)  # light rows in tree order, then the pages created since
    created: dict = field(default_factory=dict)  # title → page created by a line of this batch


@dataclass
class _Plan:
    """The new organisations and disclosures of the batch, written and published together."""

    organisations: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # (organisation, page)
    confirmations: list = field(default_factory=list)  # (page, declared_on)

    def __bool__(self):
        return bool(self.organisations or self.pages)


class _LazySavepoint:
    """An execute wrapper that makes a savepoint before the first statement that is not a SELECT."""

    def __init__(self, connection):
        self.connection = connection
        self.sid = None
        self._making = False

    def __call__(self, execute, sql, params, many, context):
        if self.sid is None and not self._making and sql.lstrip()[:6].upper() != "SELECT":
            self._making = True  # the SAVEPOINT statement passes through this wrapper too
            try:
                self.sid = self.connection.savepoint()
            finally:
                self._making = False
        return execute(sql, params, many, context)


class _WriteFailed(Exception):
    """Writing a batch's new pages failed; the batch is imported again a line at a time."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


class Importer:
    """Imports one file. ``source``: where the file's disclosures were first published (stored with
    their declared dates; default "导入文件 <file name>"). ``rename_organisations``: apply a name that
    differs from the stored one, keeping the old one as a former name (otherwise: a warning).
    ``batch_size``: lines per transaction (see the module docstring)."""

    def __init__(
        self, dry_run=False, user=None, source=None, rename_organisations=False, batch_size=BATCH_SIZE
    ):
        self.dry_run = dry_run
        self.user = user or (None if dry_run else import_user())
        self.source = (source or "").strip() or None
        self.rename_organisations = rename_organisations
        self.batch_size = max(1, int(batch_size))
        self.locale = Locale.get_default()
        self.index = DisclosureIndexPage.objects.filter(locale=self.locale).order_by("path").first()
        if self.index is None:
            raise LineError(
                "there is no 信息公开 (DisclosureIndexPage) in the default language to import into"
            )
        self.organisations = {}  # credit code → OrganisationPage (stored, or new: in a dry run, unsaved)
        self.absent_codes = set()  # credit codes of no stored organisation (as of the last look)
        self.names_in_file = {}  # credit code → the name the file gave it first
        # A dry run only (its pages are not kept, so later lines cannot find them in the database):
        self.titles_in_file = {}  # credit code → titles imported from this file (links)
        self.keys_in_file = {}  # (credit code, integrity.duplicate_key) → title (duplicates)
        self.pending_links = []  # (line number, page, credit code, title it corrects)
        self.touched = set()  # credit codes of the organisations lines were imported under
        self.changed_ids = []  # pages created or changed, purged from the frontend cache at the end
        self.collections = {}  # credit code → the organisation's collection
        self._texts = OrderedDict()  # file hash → extracted text of a file stored in this run (recent)
        self.report = ImportReport()
        self.file_name = ""
        self._line = _LineState()
        self._known = {}  # credit code → _Known, for the current batch
        self._confirmed = set()  # (page id, declared_on) confirmed, of the batch's existing pages
        self._plan = _Plan()

    def run(self, path, progress=None):
        path = Path(path)
        base_dir = path.parent
        self.file_name = path.name
        self.declared_where = (self.source or DEFAULT_SOURCE.format(file=path.name))[:120]
        total = sum(1 for _raw in raw_lines(path))
        with summaries_suspended(), search_upkeep_deferred():
            numbered = []
            for number, raw in enumerate(raw_lines(path), start=1):
                numbered.append((number, raw))
                if len(numbered) == self.batch_size or number == total:
                    self._batch(numbered, base_dir)
                    if progress:
                        # After the batch's transaction: the bar counts lines that are in the database.
                        for done, _raw in numbered:
                            progress(done, total)
                    numbered = []
            if numbered:  # the file grew while it was read
                self._batch(numbered, base_dir)
            # Second pass: corrections whose target came later in the file (or not at all).
            self._link_pending()
        if not self.dry_run:
            self._refresh_summaries()
            purge_for_pages(self._changed_pages())
        # Batches retried a line at a time report their errors after the others.
        self.report.errors.sort(key=lambda item: item[0])
        self.report.warnings.sort(key=lambda item: item[0])
        return self.report

    # --- batches ----------------------------------------------------------------------------------

    def _batch(self, numbered, base_dir):
        lines = []
        for number, raw in numbered:
            self.report.lines = number
            try:
                # utf-8-sig on the first line: Windows editors start UTF-8 files with a byte-order
                # mark, which json.loads refuses.
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError:
                self.report.errors.append((number, "not UTF-8 text"))
                continue
            if not text:
                self.report.blank_lines += 1
                continue
            try:
                lines.append(parse_line(number, text, base_dir))
            except LineError as error:
                self.report.errors.append((number, str(error)))
        if lines:
            self._write(lines)

    def _write(self, lines):
        """Import ``lines`` in one transaction; if writing their new pages fails, one at a time."""
        checkpoint = self._checkpoint()
        try:
            with transaction.atomic():
                self._prefetch(lines)
                # A savepoint per line only when the line writes (see _one); a batch of one line is
                # imported as before, each line in its own savepoint from the start.
                lazy = len(lines) > 1 and not self.dry_run
                for line in lines:
                    if self._needs_flush(line):
                        self._flush()
                    self._one(line, lazy=lazy)
                self._flush()
        except _WriteFailed as failure:
            self._restore(checkpoint)
            if len(lines) == 1:
                self.report.errors.append((lines[0].number, _reason(failure.error)))
            else:
                for line in lines:
                    self._write([line])
        finally:
            self._known, self._confirmed, self._plan = {}, set(), _Plan()

    def _checkpoint(self):
        report = self.report
        return {
            "report": (dataclasses.replace(report), len(report.errors), len(report.warnings)),
            "names_in_file": dict(self.names_in_file),
            "pending_links": len(self.pending_links),
            "touched": set(self.touched),
            "changed_ids": len(self.changed_ids),
        }

    def _restore(self, checkpoint):
        """Forget what the rolled-back batch did (its lines are imported again)."""
        report, errors, warnings = checkpoint["report"]
        self.report = dataclasses.replace(
            report, errors=self.report.errors[:errors], warnings=self.report.warnings[:warnings]
        )
        self.names_in_file = checkpoint["names_in_file"]
        del self.pending_links[checkpoint["pending_links"] :]
        self.touched = checkpoint["touched"]
        del self.changed_ids[checkpoint["changed_ids"] :]
        # Organisations may have been changed in memory (tree counts, names) or given ids the rollback
        # took back: look them all up again. (A dry run writes nothing, so it never gets here.)
        self.organisations, self.absent_codes = {}, set()
        self.collections = {}
        # The batch's pages not written yet (a line's database error stopped it before its end).
        self._known, self._confirmed, self._plan = {}, set(), _Plan()
        self.index.refresh_from_db(fields=["numchild"])

    def _prefetch(self, lines):
        """Load what the lines need (see the module docstring): a few queries per batch."""
        codes = {line.organisation["credit_code"] for line in lines}
        wanted = sorted(
            code for code in codes if code not in self.organisations and code not in self.absent_codes
        )
        for chunk in _chunks(wanted, 500):
            found = {}
            for organisation in OrganisationPage.objects.filter(
                credit_code__in=chunk, locale=self.locale
            ).order_by("path"):
                found.setdefault(organisation.credit_code, organisation)
            self.organisations.update(found)
            self.absent_codes.update(code for code in chunk if code not in found)
        self._known = {code: _Known() for code in codes}
        needs = defaultdict(lambda: {"titles": set(), "keys": set(), "plans": set(), "bases": set()})
        for line in lines:
            organisation = self.organisations.get(line.organisation["credit_code"])
            if organisation is None or organisation.pk is None:
                continue
            need = needs[organisation.pk]
            need["titles"].add(line.title)
            if integrity.duplicate_key(line.type, line.year):
                need["keys"].add((line.type, line.year))
            if line.type in REPORTS_ON:
                need["plans"].add(REPORTS_ON[line.type])
            need["bases"].add(_slug_base(line))
        organisations = {org.pk: org for org in self.organisations.values() if org.pk in needs}
        codes_by_path = {org.path: org.credit_code for org in organisations.values()}
        by_title = {}
        for chunk in _chunks(sorted(needs), 100):
            for row in _rows(organisations, needs, chunk):
                code = codes_by_path[row.path[: -DisclosurePage.steplen]]
                known = self._known[code]
                known.rows.append(row)
                if row.title in needs[self.organisations[code].pk]["titles"]:
                    by_title.setdefault((code, row.title), row.pk)
        self._load_existing(by_title)

    def _load_existing(self, by_title):
        ids = list(by_title.values())
        pages = {}
        for chunk in _chunks(ids, 500):
            pages.update((page.pk, page) for page in _complete(chunk))
            self._confirmed.update(
                DeclaredDateConfirmation.objects.filter(page_id__in=chunk).values_list(
                    "page_id", "declared_on"
                )
            )
        for (code, title), pk in by_title.items():
            if pk in pages:
                self._known[code].by_title[title] = pages[pk]

    def _needs_flush(self, line):
        """Whether the line refers to a page created earlier in the batch and not written yet."""
        if not self._plan:
            return False
        known = self._known.get(line.organisation["credit_code"])
        if known is None:
            return False
        unwritten = [title for title, page in known.created.items() if page.pk is None]
        if line.title in unwritten:
            return True
        return bool(
            line.type == DisclosureType.CORRECTION
            and line.corrects
            and any(integrity.same_title(title, line.corrects) for title in unwritten)
        )

    def _flush(self):
        """Write and publish the batch's new organisations and disclosures (bulk_publish)."""
        plan, self._plan = self._plan, _Plan()
        if self.dry_run or not plan:
            return
        try:
            self._add_collections(plan.organisations)
            items = [(self.index, organisation) for organisation in plan.organisations]
            items += plan.pages
            pages = publish_new_pages(items, user=self.user, before_rows=_point_at_new_pages)
            insert_without_ids(
                DeclaredDateConfirmation,
                [
                    DeclaredDateConfirmation(
                        page=page,
                        declared_on=declared_on,
                        declared_where=page.declared_where,
                        confirmed_by=None,
                        basis=CONFIRMATION_BASIS.format(file=self.file_name)[:200],
                    )
                    for page, declared_on in plan.confirmations
                ],
            )
        except Exception as error:  # noqa: BLE001 - the batch is imported again a line at a time
            raise _WriteFailed(error) from error
        self.absent_codes.difference_update(organisation.credit_code for organisation in plan.organisations)
        self._confirmed.update((page.pk, declared_on) for page, declared_on in plan.confirmations)
        self.changed_ids.extend(page.pk for page in pages)

    def _one(self, line, lazy=False):
        """Import one line in a savepoint of its own: what it wrote is undone if it fails. With
        ``lazy``, the savepoint is only made before the line's first statement that is not a SELECT
        (``_LazySavepoint``): most lines of a first import or a re-import write nothing until the end
        of the batch, and the two statements of a savepoint were most of a re-import's queries (on
        PostgreSQL, round trips to the server). A line that fails before writing has nothing to undo;
        should it fail on a database error before writing (PostgreSQL then refuses the rest of the
        transaction), the batch is imported again a line at a time (``_WriteFailed``)."""
        self._line = _LineState()
        number = line.number
        try:
            if lazy:
                self._import_lazily(line)
            else:
                with transaction.atomic():
                    self._import(line)
                    if self.dry_run:
                        transaction.set_rollback(True)
        except _WriteFailed:
            raise
        except LineError as error:
            self._failed(number, str(error))
        except ValidationError as error:
            self._failed(number, "; ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - one broken line must not stop the import
            self._failed(number, f"could not be imported ({type(error).__name__}: {error})")
        else:
            self._succeeded(number)

    def _import_lazily(self, line):
        """``_import`` in a savepoint made only when the line first writes; undone as
        ``transaction.atomic`` undoes its savepoint (``connection.needs_rollback`` included)."""
        connection = transaction.get_connection()
        savepoint = _LazySavepoint(connection)
        try:
            with connection.execute_wrapper(savepoint):
                self._import(line)
        except Exception as error:
            if savepoint.sid is not None:
                connection.needs_rollback = False
                connection.savepoint_rollback(savepoint.sid)
            elif isinstance(error, DatabaseError) or connection.needs_rollback:
                raise _WriteFailed(error) from error
            raise
        if connection.needs_rollback:  # a write failed and was caught within the line: as atomic does
            if savepoint.sid is None:
                raise _WriteFailed(DatabaseError("the transaction was marked for rollback"))
            connection.needs_rollback = False
            connection.savepoint_rollback(savepoint.sid)
        elif savepoint.sid is not None:
            connection.savepoint_commit(savepoint.sid)

    def _succeeded(self, number):
        state = self._line
        for name, value in state.counts.items():
            setattr(self.report, name, getattr(self.report, name) + value)
        self.report.warnings.extend((number, message) for message in state.warnings)
        if state.title:
            code, title = state.title
            if self.dry_run:
                self.titles_in_file.setdefault(code, []).append(title)
                if state.duplicate_key:
                    self.keys_in_file.setdefault((code, state.duplicate_key), title)
            self.touched.add(code)
        if state.pending_link:
            self.pending_links.append((number, *state.pending_link))
        if state.new_organisation is not None:
            self._plan.organisations.append(state.new_organisation)
        if state.new_page is not None:
            organisation, page = state.new_page
            self._plan.pages.append(state.new_page)
            known = self._known[organisation.credit_code]
            known.rows.append(page)
            known.created[page.title] = page
            if state.new_confirmation:
                self._plan.confirmations.append((page, state.new_confirmation))
        if state.updated_page is not None:
            page = state.updated_page
            known = self._known[state.title[0]]
            known.by_title[page.title] = page
            known.rows = [page if row.pk == page.pk else row for row in known.rows]
        self.changed_ids.extend(state.changed_ids)

    def _failed(self, number, message):
        self.report.errors.append((number, message))
        # The line's savepoint was rolled back: forget the organisations this line created or changed
        # (those of earlier lines stay, so the "described differently" check keeps working), and what
        # it counted or warned about.
        for code in self._line.cached_codes:
            self.names_in_file.pop(code, None)
        for code in {*self._line.cached_codes, *self._line.changed_codes}:
            organisation = self.organisations.get(code)
            if organisation is not None and (organisation.pk is None or code in self._line.changed_codes):
                self.organisations.pop(code, None)
            self.collections.pop(code, None)
        for code in self._line.collection_codes:
            self.collections.pop(code, None)

    # --- one line ---------------------------------------------------------------------------------

    def _import(self, line):
        organisation = self._organisation(line.organisation)
        code = line.organisation["credit_code"]
        known = self._known.setdefault(code, _Known())
        existing = self._existing(known, line.title) if organisation.pk else None
        if existing is None or (existing.disclosure_type, existing.year) != (line.type, line.year):
            self._refuse_duplicate(organisation, code, line, existing, known)
        values = {
            "disclosure_type": line.type,
            "year": line.year,
            **self._declared(existing, line),
            "body": body_html(line.body),
            **{name: line.figures.get(name) for name in FIGURE_FIELDS},
        }
        if line.type == DisclosureType.CORRECTION:
            values.update(self._correction_link(organisation, code, line, existing))
        if existing is None:
            page = None
            if not self.dry_run:
                page = DisclosurePage(title=line.title, slug=self._slug(known, line), **values)
                page.indexed_organisation_name = organisation.title
                self._attach(page, organisation, line.attachments)
                self._guess_reported_plan(page, known)
                # The related disclosure is a page the batch loaded or created: no need to look it up.
                validate_new_page(page, organisation, exclude=["related_disclosure"])
                self._line.new_page = (organisation, page)
            self._line.counts["created"] += 1
        else:
            page = existing
            changed = self._changes(existing, values, line.attachments)
            if changed:
                if not self.dry_run:
                    # A copy: should publishing fail, the batch's copy stays as stored.
                    page = _complete([existing.pk])[0]
                    page.indexed_organisation_name = organisation.title
                    for key, value in values.items():
                        setattr(page, key, value)
                    self._attach(page, organisation, line.attachments)
                    if page.live and set(changed) & set(integrity.CONTENT_FIELDS):
                        page.correction_note = self._correction_note(page, line)
                    self._publish(page)
                    self._line.updated_page = page
                    self._line.changed_ids.append(page.pk)
                self._line.counts["updated"] += 1
            else:
                self._line.counts["unchanged"] += 1
        self._confirm_declared_date(page, values["declared_on"], new=existing is None)
        if self._line.pending_link:
            self._line.pending_link = (page, *self._line.pending_link[1:])
        self._line.title = (code, line.title)
        self._line.duplicate_key = integrity.duplicate_key(line.type, line.year)

    def _existing(self, known, title):
        """The stored disclosure of the organisation with ``title`` (the first in tree order)."""
        created = known.created.get(title)
        if created is not None and created.pk is not None:
            # Written earlier in this batch (_needs_flush saw to it): load it as stored.
            known.by_title[title] = _complete([created.pk])[0]
            del known.created[title]
        return known.by_title.get(title)

    def _guess_reported_plan(self, page, known):
        """What ``DisclosurePage.save`` guesses for a new progress or result report, from the plans
        the batch knows (the organisation's stored ones and those created since)."""
        plan_type = REPORTS_ON.get(page.disclosure_type)
        if plan_type is None or page.related_disclosure_id:
            return
        plan = reported_plan_among(page, [row for row in known.rows if row.disclosure_type == plan_type])
        if plan is not None:
            page._import_related = plan  # its id once written: _point_at_new_pages

    def _declared(self, existing, line):
        """The declared date and where, as stored. A date not earlier than the first publication here
        (today, for a new page) adds nothing to the record and is not stored. A date already stored
        keeps where it was said to be published; a new one takes this file's source."""
        today = timezone.localdate()
        platform_on = (existing.platform_published_on if existing else None) or today
        declared = line.declared_on if line.declared_on and line.declared_on < platform_on else None
        if declared is None:
            return {"declared_on": None, "declared_where": ""}
        if existing is not None and existing.declared_on == declared and existing.declared_where.strip():
            return {"declared_on": declared, "declared_where": existing.declared_where}
        return {"declared_on": declared, "declared_where": self.declared_where}

    def _confirm_declared_date(self, page, declared_on, new):
        """The bureau's own import vouches for the dates it brings (see the module docstring)."""
        if declared_on is None:
            return
        if self.dry_run:
            # The batch loaded the confirmations of its stored pages.
            if page is None or (page.pk, declared_on) not in self._confirmed:
                self._line.counts["dates_confirmed"] += 1
            return
        if new:
            self._line.new_confirmation = declared_on  # written with the page
            self._line.counts["dates_confirmed"] += 1
            return
        if (page.pk, declared_on) in self._confirmed:
            return
        _confirmation, created = DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=declared_on,
            defaults={
                "declared_where": page.declared_where,
                "confirmed_by": None,
                "basis": CONFIRMATION_BASIS.format(file=self.file_name)[:200],
            },
        )
        if created:
            self._line.counts["dates_confirmed"] += 1

    def _refuse_duplicate(self, organisation, code, line, existing, known):
        """A second disclosure of the same obligation is refused, naming the one already there."""
        key = integrity.duplicate_key(line.type, line.year)
        if key is None:
            return
        # record.find_duplicates over the rows the batch loaded and the pages created since (an
        # import line has no period, so only yearly reports have a key).
        titles = [
            row.title
            for row in known.rows
            if (row.disclosure_type, row.year) == (line.type, line.year)
            and not (existing is not None and row.translation_key == existing.translation_key)
        ]
        in_file = self.keys_in_file.get((code, key))
        if in_file and in_file != line.title and in_file not in titles:
            titles.append(in_file)  # a dry run: the earlier line's page was not kept
        titles = [title for title in titles if title != line.title]
        if titles:
            raise LineError(
                _(
                    "%(organisation)s already has a disclosure of type “%(type)s” for %(year)s: "
                    "“%(existing)s”. If this line changes that disclosure, send it as type “correction” "
                    "with “corrects”: “%(existing)s”."
                )
                % {
                    "organisation": organisation.title,
                    "type": DisclosureType(line.type).label,
                    "year": line.year,
                    "existing": "”, “".join(titles),
                }
            )

    def _correction_link(self, organisation, code, line, existing):
        """``related_disclosure`` and ``corrects_title`` of a correction line. Not found (yet): left
        for the second pass at the end of the file, then for staff. A link staff made is kept."""
        values = {"corrects_title": line.corrects or ""}
        target = self._find_corrected(organisation, code, line.corrects, line.title)
        if target is not None:
            self._line.counts["corrections_linked"] += 1
            if target is not True:  # True: a dry run found it among the lines not kept
                values["related_disclosure_id"] = target.pk
        elif existing is not None and existing.related_disclosure_id:
            self._line.counts["corrections_linked"] += 1  # linked by staff: theirs stays
        elif line.corrects:
            self._line.pending_link = (None, code, line.corrects)
            values["related_disclosure_id"] = None
        else:
            self._line.counts["corrections_unlinked"] += 1
            self._line.warnings.append(_not_linked(_("the line has no “corrects”")))
            values["related_disclosure_id"] = None
        return values

    def _find_corrected(self, organisation, code, corrects, own_title):
        if not corrects or integrity.same_title(corrects, own_title):
            return None
        if organisation.pk:
            # Corrections are few: one query each (pages created earlier in the batch are written by
            # then, see _needs_flush).
            for page in (
                DisclosurePage.objects.filter(_children_of(organisation))
                .exclude(title=own_title)
                .order_by("path")
                .only("pk", "title")
            ):
                if integrity.same_title(page.title, corrects):
                    return page
        if self.dry_run and any(integrity.same_title(t, corrects) for t in self.titles_in_file.get(code, [])):
            return True
        return None

    def _link_pending(self):
        for number, page, code, corrects in self.pending_links:
            organisation = self.organisations.get(code)
            if (organisation is None or organisation.pk is None) and not self.dry_run:
                organisation = OrganisationPage.objects.filter(credit_code=code, locale=self.locale).first()
            page = DisclosurePage.objects.filter(pk=page.pk).first() if page is not None else None
            own_title = page.title if page else ""
            target = self._find_corrected(organisation, code, corrects, own_title) if organisation else None
            if target is None:
                self.report.corrections_unlinked += 1
                self.report.warnings.append(
                    (
                        number,
                        _not_linked(
                            _("this organisation has no disclosure titled “%(title)s”") % {"title": corrects}
                        ),
                    )
                )
                continue
            if page is not None and target is not True:
                try:
                    with transaction.atomic():
                        page.related_disclosure = target
                        self._publish(page)
                except Exception as error:  # noqa: BLE001 - the line is imported; staff can link it
                    self.report.corrections_unlinked += 1
                    self.report.warnings.append((number, _not_linked(f"{type(error).__name__}: {error}")))
                    continue
                self.changed_ids.append(page.pk)
            self.report.corrections_linked += 1

    def _correction_note(self, page, line):
        note = CORRECTION_NOTE.format(file=self.file_name, line=line.number)
        if note == (page.correction_note or "").strip():
            # The same file and line changed it before: a note equal to the last one would be taken
            # for no note at all (integrity.needs_correction_note), so say when.
            note += f"（{timezone.localtime():%Y-%m-%d %H:%M}）"
        return note

    # --- organisations ----------------------------------------------------------------------------

    def _organisation(self, data):
        code = data["credit_code"]
        name = data["name"]
        organisation = self.organisations.get(code)
        if organisation is None and code not in self.absent_codes:
            # Normally loaded with the batch; again after a line that changed it failed.
            organisation = OrganisationPage.objects.filter(credit_code=code, locale=self.locale).first()
            if organisation is None:
                self.absent_codes.add(code)
        first_name = self.names_in_file.get(code)
        if first_name is not None and first_name != name:
            raise LineError(
                f"organisation {code} is described differently on an earlier line of this file "
                + _("(named “%(earlier)s” there, “%(name)s” here)") % {"earlier": first_name, "name": name}
            )
        if organisation is None:
            if not data["kind"]:
                raise LineError(f"organisation {name} is new, so its kind is required")
            organisation = OrganisationPage(
                title=name,
                slug=slugify(code.lower()),
                credit_code=code,
                kind=data["kind"],
                registered_on=data["registered_on"],
                public_fundraising=bool(data["public_fundraising"]),
            )
            if not self.dry_run:
                validate_new_page(organisation, self.index)
                if Page.objects.filter(_children_of(self.index), slug=organisation.slug).exists():
                    raise ValidationError(
                        {
                            "slug": _(
                                "The slug '%(page_slug)s' is already in use within the parent page at "
                                "'%(parent_url_path)s'."
                            )
                            % {"page_slug": organisation.slug, "parent_url_path": self.index.url}
                        }
                    )
                self._line.new_organisation = organisation  # and its collection: at the end of the batch
            self._line.counts["organisations_created"] += 1
        else:
            changes = {
                "kind": data["kind"] or organisation.kind,
                "registered_on": data["registered_on"] or organisation.registered_on,
                "public_fundraising": organisation.public_fundraising
                if data["public_fundraising"] is None
                else data["public_fundraising"],
            }
            changed = any(getattr(organisation, key) != value for key, value in changes.items())
            renamed = name != organisation.title
            if changed and code in self.names_in_file:
                raise LineError(
                    f"organisation {code} is described differently on an earlier line of this file"
                )
            if renamed and not self.rename_organisations:
                self._line.warnings.append(
                    _(
                        "the organisation is named “%(name)s” here but “%(stored)s” on the site: imported "
                        "under “%(stored)s”, name not changed (to rename it, import with "
                        "--rename-organisations)"
                    )
                    % {"name": name, "stored": organisation.title}
                )
                renamed = False
            if changed or renamed:
                # Only on the organisation's first line in the file (see the checks above), so no
                # page of the batch hangs below this object yet; forgotten if the line fails.
                self._line.changed_codes.add(code)
                for key, value in changes.items():
                    setattr(organisation, key, value)
                if renamed:
                    former = organisation.title
                    organisation.former_names.add(
                        OrganisationFormerName(name=former, until=timezone.localdate())
                    )
                    organisation.title = name
                    self._line.warnings.append(
                        _("the organisation is renamed “%(name)s” (was “%(former)s”, kept as a former name)")
                        % {"name": name, "former": former}
                    )
                if not self.dry_run:
                    self._publish(organisation)
                    # Renames the organisation's collection too (it is found by credit code, but
                    # staff choose documents by its name).
                    self.collections[code] = organisation_collection(organisation)
                    self._line.changed_ids.append(organisation.pk)
                self._line.counts["organisations_updated"] += int(changed)
                self._line.counts["organisations_renamed"] += int(renamed)
        if code not in self.names_in_file:
            self._line.cached_codes.append(code)
        self.organisations[code] = organisation
        self.names_in_file.setdefault(code, name)
        return organisation

    def _collection(self, code, organisation):
        if code not in self.collections:
            self._line.collection_codes.add(code)  # forgotten if the line fails (its savepoint undone)
            if organisation.pk is None:
                self._add_collections([organisation])  # a new organisation's first attachment
            else:
                self.collections[code] = organisation_collection(organisation)
        return self.collections[code]

    def _add_collections(self, organisations):
        """The new organisations' collections, as ``organisation_collection`` makes them (named
        "<name>（<credit code>）", found by the code, renamed if need be) but added all at once."""
        codes = [org.credit_code for org in organisations if org.credit_code not in self.collections]
        if not codes:
            return
        section = section_collection()
        by_code = {}
        for chunk in _chunks(codes, 200):
            suffixes = reduce(or_, (Q(name__endswith=f"（{code}）") for code in chunk))
            for collection in Collection.objects.child_of(section).filter(suffixes).order_by("path"):
                by_code.setdefault(collection.name.rpartition("（")[2][:-1], collection)
        new = []
        for organisation in organisations:
            code = organisation.credit_code
            if code in self.collections:
                continue
            name = collection_name(organisation)
            collection = by_code.get(code)
            if collection is None:
                collection = Collection(name=name)
                new.append(collection)
            elif collection.name != name:
                collection.name = name
                collection.save(update_fields=["name"])
            self.collections[code] = collection
        add_sorted_children(section, new)

    # --- pages ------------------------------------------------------------------------------------

    def _slug(self, known, line):
        base = _slug_base(line)
        taken = {row.slug for row in known.rows if row.slug.startswith(base)}
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    def _changes(self, page, values, attachments):
        """The names of the values (and "attachments") that differ from what ``page`` holds."""
        changed = []
        for key, value in values.items():
            current = getattr(page, key)
            if isinstance(value, Decimal) or isinstance(current, Decimal):
                if (current is None) != (value is None) or (value is not None and Decimal(current) != value):
                    changed.append(key)
            elif (current or None) != (value or None):
                changed.append(key)
        # get_file_hash(), not file_hash: documents saved before the importer stored the hash have
        # an empty one; this computes and stores it once, so they are recognised instead of copied.
        current = [(a.display_title, a.document.get_file_hash()) for a in page.attachments.all()]
        if current != [(a.title, a.sha1) for a in attachments]:
            changed.append("attachments")
        return changed

    def _attach(self, page, organisation, attachments):
        if not attachments:
            page.attachments = []
            return
        Document = get_document_model()
        collection = self._collection(organisation.credit_code, organisation)
        items = []
        for attachment in attachments:
            document = Document.objects.filter(collection=collection, file_hash=attachment.sha1).first()
            if document is None:
                with attachment.path.open("rb") as handle:
                    # Wagtail sets file_hash/file_size only in its upload views, not in save() (wagtail/wagtail#6576):
                    # store them here, or the lookup above never matches and every re-import
                    # copied the file again and "updated" the page.
                    document = Document(
                        title=attachment.title,
                        collection=collection,
                        uploaded_by_user=self.user,
                        file=File(handle, name=attachment.path.name),
                        file_hash=attachment.sha1,
                        file_size=attachment.path.stat().st_size,
                    )
                    self._save_document(document)
            items.append(DisclosureAttachment(document=document, title=attachment.title))
        page.attachments = items

    def _save_document(self, document):
        """Save a new document; the text of a file already stored in this run (the same PDF attached
        to several organisations' disclosures, each in its own collection) is not extracted again:
        the same bytes give the same text, and extraction is a child process of about 0.3 s."""
        known = self._texts.get(document.file_hash)
        if known is not None:
            document.extracted_text, document.text_status, document.text_error = known
            document.extract_text = _extracted_already  # this instance only: SiteDocument.save calls it
        try:
            document.save()
        finally:
            document.__dict__.pop("extract_text", None)
        self._texts[document.file_hash] = (document.extracted_text, document.text_status, document.text_error)
        self._texts.move_to_end(document.file_hash)
        while len(self._texts) > TEXTS_KEPT:
            self._texts.popitem(last=False)

    def _publish(self, page):
        """Wagtail's own way, for the pages an import changes (rare; new pages: bulk_publish)."""
        revision = page.save_revision(user=self.user, log_action=True)
        revision.publish(user=self.user, skip_permission_checks=True)

    # --- the end of the run -----------------------------------------------------------------------

    def _refresh_summaries(self):
        """Each touched organisation's directory summary (``standing.refresh_summary``), its
        disclosures found by its range of the path index."""
        for chunk in _chunks(sorted(self.touched), 500):
            with transaction.atomic():  # one commit per chunk, not one per organisation
                self._refresh_chunk(chunk)

    def _refresh_chunk(self, codes):
        organisations = {}
        for organisation in OrganisationPage.objects.filter(
            credit_code__in=codes, locale=self.locale
        ).order_by("path"):
            organisations.setdefault(organisation.credit_code, organisation)
        # What ``public()`` excludes, looked up once for the chunk rather than once per organisation.
        private = DisclosurePage.objects.all().private_q()
        for organisation in organisations.values():
            rows = (
                DisclosurePage.objects.filter(_children_of(organisation))
                .live()
                .exclude(private)
                .order_by("path")
            )
            refresh_summary(organisation, list(with_record_dates(rows.only(*RECORD_FIELDS, "path", "depth"))))

    def _changed_pages(self):
        """The pages created or changed, loaded 500 at a time (only if the frontend cache asks)."""
        ids = sorted(set(self.changed_ids))
        for chunk in _chunks(ids, 500):
            yield from Page.objects.filter(pk__in=chunk)


def _extracted_already():
    return None


def collection_name(organisation):
    """As ``accounts.organisation_collection`` names an organisation's collection."""
    return f"{organisation.title}（{organisation.credit_code}）"


def _slug_base(line):
    return slugify(f"{line.year}-{line.type}") or "disclosure"


def _children_of(organisation):
    """Its children, by a range of the path index (``path__startswith`` cannot use it on SQLite)."""
    return Q(
        path__range=(organisation.path, organisation.path + "Z" * Page.steplen), depth=organisation.depth + 1
    )


def _rows(organisations, needs, ids):
    """Light rows of the organisations' disclosures the batch's lines need, in tree order: one SELECT
    per organisation, joined by UNION ALL, so that each walks its own range of the path index (with
    the ranges OR-ed in one WHERE, SQLite scanned the whole page table for every batch)."""
    selects = []
    for pk in ids:
        need = needs[pk]
        wanted = Q(title__in=sorted(need["titles"]))
        for disclosure_type, year in sorted(need["keys"]):
            wanted |= Q(disclosure_type=disclosure_type, year=year)
        if need["plans"]:
            wanted |= Q(disclosure_type__in=sorted(need["plans"]))
        for base in sorted(need["bases"]):
            wanted |= Q(slug__startswith=base)
        rows = DisclosurePage.objects.filter(_children_of(organisations[pk]), wanted).order_by()
        selects.append(rows.values_list("pk", *_ROW_FIELDS, named=True))
    return selects[0].union(*selects[1:], all=True).order_by("path")


def _complete(ids):
    """Disclosures as the comparison needs them: attachments and their documents included."""
    attachments = Prefetch("attachments", queryset=DisclosureAttachment.objects.select_related("document"))
    pages = {
        page.pk: page
        for page in DisclosurePage.objects.filter(pk__in=list(ids)).prefetch_related(attachments)
    }
    return [pages[pk] for pk in ids if pk in pages]


def _point_at_new_pages(pages):
    """Guessed plans created in the same batch get their ids once written."""
    for page in pages:
        target = getattr(page, "_import_related", None)
        if target is not None:
            page.related_disclosure_id = target.pk


def _reason(error):
    if isinstance(error, LineError):
        return str(error)
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return f"could not be imported ({type(error).__name__}: {error})"


def _chunks(items, size):
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _not_linked(reason):
    return _("imported, not linked (%(reason)s): staff link it in Reports → Unlinked corrections") % {
        "reason": reason
    }


def import_user():
    """The account imported revisions are attributed to (it cannot log in)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "导入", "last_name": "批量", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_file(
    path, dry_run=False, progress=None, source=None, rename_organisations=False, batch_size=BATCH_SIZE
):
    importer = Importer(
        dry_run=dry_run, source=source, rename_organisations=rename_organisations, batch_size=batch_size
    )
    return importer.run(path, progress=progress)
