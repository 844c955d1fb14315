"""The import in batches (disclosures.importing, disclosures.bulk_publish) leaves what publishing page by
page leaves, loses no line when another fails, changes nothing on a re-import, and costs a bounded
number of SQL queries per line whatever the batch size.

The reference for "what publishing page by page leaves" is the importer with its two bulk writers
replaced by Wagtail's own way, one page at a time: ``add_child`` + ``save_revision(log_action=True)`` +
``publish()`` for pages (signals and all), treebeard's ``add_child`` for collections. Both runs happen
in the same test, each in a transaction rolled back afterwards, and their whole state is compared with
ids and clock readings replaced by stable labels (``state``): page fields, revisions and their content,
log entries, reference-index rows, search-index entries, attachments, documents, collections,
confirmations, corrections and directory summaries.
"""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision
from wagtail.signals import page_published

from disclosures import bulk_publish, importing
from disclosures.accounts import organisation_collection, section_collection
from disclosures.import_lines import raw_lines
from disclosures.importing import (
    PAGE_PUBLISHED_RECEIVERS,
    POST_SAVE_RECEIVERS,
    Importer,
    import_file,
    import_user,
)
from disclosures.models import (
    DisclosureAttachment,
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationPage,
    OrganisationSummary,
)
from disclosures.record import DeclaredDateConfirmation, DisclosureCorrection
from disclosures.standing import disclosure_rows
from tests.factories import credit_code
from wucheng_site import pdf_text

from .test_importing import SAMPLE_FILE, counts, run_command, sample_line, snapshot, write_batch

pytestmark = pytest.mark.django_db

Document = get_document_model()
CORRECTIONS_FILE = Path(__file__).with_name("corrections.jsonl")


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


# --- the reference: Wagtail's own way, a page at a time --------------------------------------------------


def publish_page_by_page(items, user=None, before_rows=None):
    pages = []
    for parent, page in items:
        if before_rows:
            before_rows([page])  # a page it points at came earlier in the list: it has its id
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
        pages.append(page)
    return pages


def add_children_one_by_one(parent, nodes, spacing=8):
    for node in nodes:
        parent.add_child(instance=node)
    return nodes


@pytest.fixture
def page_by_page(monkeypatch):
    """Within the ``with``: the importer publishes and adds collections as Wagtail does, one at a time."""

    class Switch:
        def __enter__(self):
            monkeypatch.setattr(importing, "publish_new_pages", publish_page_by_page)
            monkeypatch.setattr(importing, "add_sorted_children", add_children_one_by_one)

        def __exit__(self, *exc):
            monkeypatch.undo()

    return Switch()


def state_after(run):
    """The state ``run()`` leaves, in a transaction rolled back afterwards."""
    with transaction.atomic():
        run()
        result = state()
        transaction.set_rollback(True)
    return result


# --- the state, without ids and clock readings ------------------------------------------------------------


def _ct(pk):
    return None if pk is None else ContentType.objects.get_for_id(pk).model_class()._meta.label


class Labels:
    """Stable names for the ids of one run: pages by url_path, revisions by page and order, documents
    by collection, title and content."""

    def __init__(self, pages):
        self.pages = {page.pk: page.url_path for page in pages}
        self.revisions = {}
        for page in pages:
            revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("created_at", "pk")
            for n, pk in enumerate(revisions.values_list("pk", flat=True)):
                self.revisions[pk] = f"{page.url_path}#{n}"
        self.documents = {
            d.pk: f"{d.collection.name}/{d.title}/{d.file_hash}"
            for d in Document.objects.select_related("collection")
        }

    def page(self, pk):
        return None if pk is None else self.pages.get(int(pk), f"other page {pk}")

    def revision(self, pk):
        return None if pk is None else self.revisions.get(int(pk), "other revision")

    def document(self, pk):
        return None if pk is None else self.documents.get(int(pk), "other document")


TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT")


def _value(value):
    if isinstance(value, datetime.datetime):
        return "datetime"
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


def _content(content, labels):
    """A revision's content with ids replaced by labels and clock readings by "datetime"."""
    result = {}
    for key, value in content.items():
        if key in ("pk", "id", "page_ptr", "related_disclosure", "alias_of", "page"):
            value = labels.page(value)
        elif key in ("latest_revision", "live_revision"):
            value = labels.revision(value)
        elif key == "translation_key":
            value = bool(value)
        elif key == "content_type":
            value = _ct(value)
        elif key == "document":
            value = labels.document(value)
        elif isinstance(value, list):
            value = [_content(item, labels) if isinstance(item, dict) else item for item in value]
        elif isinstance(value, str) and TIMESTAMP.match(value):
            value = "datetime"
        result[key] = value
    for item in result.get("attachments", []):
        item.pop("pk", None)  # the attachment rows' own ids
    return result


def _page_fields(page, labels):
    fields = {}
    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname)
        if field.attname in ("id", "page_ptr_id", "related_disclosure_id", "alias_of_id"):
            value = labels.page(value)
        elif field.attname in ("latest_revision_id", "live_revision_id"):
            value = labels.revision(value)
        elif field.attname == "translation_key":
            value = bool(value)
        elif field.attname == "content_type_id":
            value = _ct(value)
        fields[field.attname] = _value(value)
    latest = page.latest_revision
    fields["latest_revision_created_at is the revision's"] = (
        latest is not None and page.latest_revision_created_at == latest.created_at
    )
    fields["first_published_at <= last_published_at"] = bool(
        page.first_published_at and page.first_published_at <= page.last_published_at
    )
    return fields


def _search_entries(page):
    """What the search backend holds for the page: the database backend's index entries, or the
    engine's document (OpenSearch, Elasticsearch) without the page's own id and clock readings."""
    from modelsearch.backends import get_search_backend
    from modelsearch.conf import get_app_config

    backend = get_search_backend()
    if not hasattr(backend, "es"):
        IndexEntry = get_app_config().get_model("IndexEntry")
        # title_norm (average title length over the whole index / this title's) is left out: it is
        # recomputed for the entries added since, whatever their number (_refresh_title_norms).
        # Of the page's own type: ids of other models (documents) may be equal on PostgreSQL, whose
        # sequences do not go back when a test's transaction is rolled back.
        entries = IndexEntry.objects.filter(object_id=str(page.pk), content_type_id=page.content_type_id)
        return sorted((_ct(e.content_type_id), e.title, e.autocomplete, e.body) for e in entries)
    index = backend.get_index_for_model(type(page))
    document_id = backend.mapping_class(type(page)).get_document_id(page)
    source = index.es.get(index=index.name, id=document_id)["_source"]
    return [_without_ids(source)]


def _without_ids(value):
    if isinstance(value, dict):
        return {
            key: _without_ids(item)
            for key, item in value.items()
            if key not in ("pk", "id_filter", "translation_key_filter")
        }
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, str) and TIMESTAMP.match(value):
        return "datetime"
    return value


def state():
    index = DisclosureIndexPage.objects.order_by("path").first()
    pages = [page.specific for page in Page.objects.descendant_of(index, inclusive=True).order_by("path")]
    labels = Labels(pages)
    page_type = ContentType.objects.get_for_model(Page)
    result = {"pages": {}}
    for page in pages:
        references = sorted(
            (
                _ct(ref.content_type_id),
                ref.model_path,
                re.sub(r"\.\d+\.", ".N.", ref.content_path),
                _ct(ref.to_content_type_id),
                labels.page(ref.to_object_id)
                if ref.to_content_type_id == page_type.pk
                else labels.document(ref.to_object_id)
                if _ct(ref.to_content_type_id) == Document._meta.label
                else ref.to_object_id,
            )
            for ref in ReferenceIndex.objects.filter(base_content_type=page_type, object_id=str(page.pk))
        )
        result["pages"][page.url_path] = {
            "fields": _page_fields(page, labels),
            "revisions": [
                {
                    "user": revision.user and revision.user.username,
                    "content_type": _ct(revision.content_type_id),
                    "base_content_type": _ct(revision.base_content_type_id),
                    "object_str": revision.object_str,
                    "approved_go_live_at": revision.approved_go_live_at,
                    "content": _content(revision.content, labels),
                }
                for revision in Revision.page_revisions.filter(object_id=str(page.pk)).order_by(
                    "created_at", "pk"
                )
            ],
            "log": [
                {
                    "action": entry.action,
                    "user": entry.user and entry.user.username,
                    "revision": labels.revision(entry.revision_id),
                    "label": entry.label,
                    "content_changed": entry.content_changed,
                    "deleted": entry.deleted,
                    "data": entry.data,
                    "content_type": _ct(entry.content_type_id),
                    "uuid": entry.uuid is not None,
                }
                for entry in PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
            ],
            "references": references,
            "search": _search_entries(page),
            "attachments": [
                (a.sort_order, labels.document(a.document_id), a.title)
                for a in DisclosureAttachment.objects.filter(page_id=page.pk).order_by("pk")
            ],
            "confirmations": sorted(
                (str(c.declared_on), c.declared_where, c.basis, c.confirmed_by_id)
                for c in DeclaredDateConfirmation.objects.filter(page_id=page.pk)
            ),
            "corrections": [
                (labels.revision(c.revision_id), labels.revision(c.previous_revision_id), c.note, c.changed)
                for c in DisclosureCorrection.objects.filter(page_id=page.pk).order_by("published_at", "pk")
            ],
        }
    result["documents"] = [
        (
            labels.document(d.pk),
            d.file_size,
            d.uploaded_by_user and d.uploaded_by_user.username,
            d.text_status,
        )
        for d in Document.objects.select_related("uploaded_by_user").order_by("pk")
    ]
    result["collections"] = [c.name for c in Collection.objects.order_by("path")]
    result["summaries"] = sorted(
        (
            s.organisation.url_path,
            s.compliance_status,
            _value(s.latest_total_income),
            _value(s.latest_disclosure_on),
            s.disclosure_count,
        )
        for s in OrganisationSummary.objects.select_related("organisation")
    )
    return result


# --- files -----------------------------------------------------------------------------------------------

PROJECTS = ["银龄助餐", "春苗助学", "邻里守望"]


def organisation_data(n):
    return {
        "name": f"婺城区批量测试慈善协会{n}",
        "credit_code": credit_code(),
        "kind": "social_group",
        "registered_on": "2015-04-01",
        "public_fundraising": n % 2 == 0,
    }


def generated_lines(organisations=3, years=(2023, 2024)):
    """Lines for several organisations, interleaved as a province's export would have them: yearly
    reports with figures, projects and their progress reports (which find their project by the name
    in quotes), a few attachments, for ``years``."""
    orgs = [organisation_data(n) for n in range(organisations)]
    lines = []
    for year in years:
        for kind, title in [
            ("annual_report", "{org}{year}年度工作报告"),
            ("project", "{year}年“{project}”慈善项目"),
            ("project_progress", "{year}年“{project}”项目进展情况"),
            ("audit_report", "{org}{year}年度审计报告"),
        ]:
            for n, org in enumerate(orgs):
                project = PROJECTS[(n + year) % len(PROJECTS)]  # one a year: its progress finds it
                line = {
                    "organization": org,
                    "type": kind,
                    "title": title.format(org=org["name"], year=year, project=project),
                    "year": year,
                    "published_on": f"{year + 1}-0{n % 5 + 1}-15",
                    "body": f"{year}年，{org['name']}开展“{project}”等慈善活动，服务困难群众{100 + n}人次。\n\n第二段。",
                    "figures": {"total_income": 100000 + n, "total_expenditure": 90000}
                    if kind == "annual_report"
                    else {},
                    "attachments": [],
                }
                if kind == "audit_report" and n == 0:
                    line["attachments"] = [
                        {"file": "attachments/shili-audit-2024.pdf", "title": f"{year}年审计报告"}
                    ]
                lines.append(line)
    return lines


def bad_name(line):
    """The line with an organisation name longer than a page title may be (refused by validation)."""
    line = json.loads(json.dumps(line))
    line["organization"]["name"] = "很长的名字" * 60
    line["organization"]["credit_code"] = credit_code()
    return line


# --- equivalence with publishing page by page ------------------------------------------------------


def test_importing_the_sample_in_a_batch_leaves_what_publishing_page_by_page_leaves(page_by_page):
    batched = state_after(lambda: import_file(SAMPLE_FILE))
    with page_by_page:
        reference = state_after(lambda: import_file(SAMPLE_FILE))

    assert batched == reference
    # The comparison has something to compare: revisions, log, search, references.
    audit = reference["pages"]["/home/disclosures/53330702mj73pwq39d/2024-audit_report/"]
    assert len(audit["revisions"]) == 1 and [e["action"] for e in audit["log"]] == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.publish",
    ]
    assert "示范" in json.dumps(
        audit["search"], ensure_ascii=False
    )  # only in the attachment (示范会计师事务所)
    assert [ref[1] for ref in audit["references"]] == ["attachments.item.document"]


@pytest.mark.parametrize("batch_size", [1, 3, 500])
def test_a_file_of_many_organisations_imports_in_batches_as_page_by_page(tmp_path, page_by_page, batch_size):
    lines = generated_lines()
    path = write_batch(tmp_path, lines)

    batched = state_after(lambda: import_file(path, batch_size=batch_size))
    with page_by_page:
        reference = state_after(lambda: import_file(path, batch_size=batch_size))

    assert batched == reference
    progress = [
        page for url, page in reference["pages"].items() if "project_progress" in url
    ]  # found their project, created in the same batch or an earlier one
    assert progress and all(page["fields"]["related_disclosure_id"] for page in progress)


@pytest.mark.parametrize("batch_size", [2, 500])
def test_corrections_in_batches_are_linked_as_page_by_page(page_by_page, batch_size):
    batched = state_after(lambda: import_file(CORRECTIONS_FILE, batch_size=batch_size))
    with page_by_page:
        reference = state_after(lambda: import_file(CORRECTIONS_FILE, batch_size=batch_size))

    assert batched == reference


def test_a_title_imported_twice_in_one_batch_is_created_then_updated_as_page_by_page(tmp_path, page_by_page):
    first, second = sample_line(0), sample_line(0, body="第二次的正文")
    plan = sample_line(3, type="project", title="“银龄助餐”慈善项目", attachments=[])
    path = write_batch(tmp_path, [first, sample_line(1), plan, second, sample_line(4), sample_line(5)])

    batched = state_after(lambda: import_file(path))
    with page_by_page:
        reference = state_after(lambda: import_file(path))

    assert batched == reference
    page = batched["pages"]["/home/disclosures/53330702mj73pwq39d/2024-annual_report/"]
    assert len(page["revisions"]) == 2 and len(page["corrections"]) == 1


def test_the_result_does_not_depend_on_the_batch_size(tmp_path):
    path = write_batch(tmp_path, generated_lines())

    states = [state_after(lambda size=size: import_file(path, batch_size=size)) for size in (1, 4, 500)]

    assert states[0] == states[1] == states[2]


def test_summaries_leave_out_disclosures_in_a_private_section_as_the_daily_refresh_does(tmp_path):
    path = write_batch(tmp_path, generated_lines())
    import_file(path)
    private, *public = OrganisationPage.objects.order_by("path")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    import_file(path)  # every organisation's summary refreshed again

    for organisation in (private, *public):
        expected = len(list(disclosure_rows(organisation)))  # live().public()
        assert OrganisationSummary.objects.get(organisation=organisation).disclosure_count == expected
    assert OrganisationSummary.objects.get(organisation=private).disclosure_count == 0
    assert all(OrganisationSummary.objects.get(organisation=org).disclosure_count > 0 for org in public)


# --- a bad line -----------------------------------------------------------------------------------------


def test_a_bad_line_in_the_middle_of_a_batch_is_reported_and_loses_nothing_else(tmp_path):
    lines = generated_lines(organisations=2, years=(2024,))
    bad = bad_name(lines[3])
    path = write_batch(tmp_path, [*lines[:4], bad, *lines[4:]])

    report = import_file(path)

    [(number, reason)] = report.errors
    assert number == 5 and "at most 255 characters" in reason
    assert report.created == len(lines)
    for line in lines:
        assert DisclosurePage.objects.filter(title=line["title"], live=True).exists()


def test_a_line_whose_pages_cannot_be_written_is_reported_and_the_rest_of_its_batch_imported(
    tmp_path, monkeypatch
):
    """A database error no validation foresaw, when the batch's new pages are written: the batch is
    rolled back and imported again a line at a time."""
    lines = generated_lines(organisations=2, years=(2024,))
    doomed = lines[5]["title"]
    publish = importing.publish_new_pages

    def failing(items, **kwargs):
        if any(page.title == doomed for _parent, page in items):
            raise IntegrityError("simulated: the database refused a row")
        return publish(items, **kwargs)

    monkeypatch.setattr(importing, "publish_new_pages", failing)
    path = write_batch(tmp_path, lines)

    report = import_file(path)

    assert report.errors == [
        (6, "could not be imported (IntegrityError: simulated: the database refused a row)")
    ]
    assert report.created == len(lines) - 1 and report.accounted_for
    assert not DisclosurePage.objects.filter(title=doomed).exists()
    for line in lines[:5] + lines[6:]:
        page = DisclosurePage.objects.get(title=line["title"])
        assert page.live and page.live_revision_id == page.latest_revision_id
    organisations = OrganisationPage.objects.filter(
        credit_code__in={line["organization"]["credit_code"] for line in lines}
    )
    assert organisations.count() == 2
    for organisation in organisations:  # the rolled-back attempt left no trace in the tree
        assert organisation.numchild == DisclosurePage.objects.child_of(organisation).count()
    assert all(not problem for problem in Page.find_problems())


def test_a_line_that_fails_after_writing_leaves_nothing_and_its_batch_is_as_line_by_line(
    tmp_path, monkeypatch
):
    """A line writes (here: its organisation's collection and its attachment's document) and then
    fails: its savepoint, made before its first write, undoes what it wrote; the other lines of the
    batch are kept, and the result is what importing a line at a time leaves."""
    lines = generated_lines(organisations=2, years=(2024,))
    [doomed] = [line for line in lines if line["attachments"]]
    validate = importing.validate_new_page

    def failing(page, parent, **kwargs):
        if page.title == doomed["title"]:
            raise ValidationError({"title": "simulated: refused after the attachment was stored"})
        return validate(page, parent, **kwargs)

    monkeypatch.setattr(importing, "validate_new_page", failing)
    path = write_batch(tmp_path, lines)
    one_by_one = state_after(lambda: import_file(path, batch_size=1))
    made = []

    class Recorded(importing._LazySavepoint):
        def __call__(self, execute, sql, *args):
            result = super().__call__(execute, sql, *args)
            if self.sid is not None and self not in made:
                made.append(self)
            return result

    monkeypatch.setattr(importing, "_LazySavepoint", Recorded)

    report = import_file(path)

    number = lines.index(doomed) + 1
    assert report.errors == [(number, "simulated: refused after the attachment was stored")]
    assert report.created == len(lines) - 1 and report.accounted_for
    assert state() == one_by_one
    assert not Document.objects.filter(title=doomed["attachments"][0]["title"]).exists()
    for organisation in OrganisationPage.objects.all():
        assert organisation_collection(organisation).name.endswith(f"（{organisation.credit_code}）")
    # Only the failing line made a savepoint: the others wrote nothing until the end of the batch.
    assert len(made) == 1


def test_a_database_error_before_a_line_writes_imports_its_batch_again_line_by_line(tmp_path, monkeypatch):
    """Without a savepoint of its own (it had not written yet), a line's database error would leave
    PostgreSQL's transaction unusable: the batch is imported again a line at a time."""
    lines = generated_lines(organisations=2, years=(2024,))
    doomed = lines[4]["title"]
    slug = importing.Importer._slug

    def failing(self, known, line):
        if line.title == doomed:
            raise DatabaseError("simulated: a SELECT failed")
        return slug(self, known, line)

    monkeypatch.setattr(importing.Importer, "_slug", failing)
    path = write_batch(tmp_path, lines)
    one_by_one = state_after(lambda: import_file(path, batch_size=1))

    report = import_file(path)

    assert report.errors == [(5, "could not be imported (DatabaseError: simulated: a SELECT failed)")]
    assert report.created == len(lines) - 1 and report.accounted_for
    assert state() == one_by_one


def test_a_rolled_back_batch_keeps_nothing_of_what_it_wrote(tmp_path, monkeypatch):
    lines = generated_lines(organisations=2, years=(2024,))
    path = write_batch(tmp_path, lines)
    expected = state_after(lambda: import_file(path))
    calls = []
    publish = importing.publish_new_pages

    def fail_once(items, **kwargs):
        calls.append(len(items))
        if len(calls) == 1:
            publish(items, **kwargs)  # written, then the batch fails after all
            raise IntegrityError("simulated")
        return publish(items, **kwargs)

    monkeypatch.setattr(importing, "publish_new_pages", fail_once)

    assert state_after(lambda: import_file(path)) == expected
    assert calls[0] == len(lines) + 2  # the whole batch, then a line at a time


# --- re-import ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [3, 500])
def test_importing_a_file_of_many_organisations_again_changes_nothing(tmp_path, batch_size):
    path = write_batch(tmp_path, generated_lines())
    import_file(path, batch_size=batch_size)
    before, stored = counts(), state()

    report = import_file(path, batch_size=batch_size)

    assert report.errors == [] and report.unchanged == len(generated_lines()) and report.updated == 0
    assert counts() == before
    assert state() == stored


def test_the_sample_imported_again_in_batches_of_one_changes_nothing():
    import_file(SAMPLE_FILE, batch_size=1)
    before, stored = counts(), snapshot()

    report = import_file(SAMPLE_FILE, batch_size=1)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert counts() == before and snapshot() == stored


# --- queries -----------------------------------------------------------------------------------------------


def queries_of(run):
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        run()
        transaction.set_rollback(True)
    return len(captured)


def test_queries_per_line_are_bounded_and_do_not_grow_with_the_batch_or_the_file(tmp_path):
    years = (2021, 2022, 2023, 2024, 2025)
    lines = generated_lines(organisations=4, years=years)  # 80 lines
    path = write_batch(tmp_path / "80", lines)
    twice = write_batch(tmp_path / "160", generated_lines(organisations=8, years=years))
    import_user()  # made once per installation

    small, large = (queries_of(lambda size=size: import_file(path, batch_size=size)) for size in (10, 100))
    bigger_file = queries_of(lambda: import_file(twice, batch_size=100))

    # Per line: nothing (a savepoint only for a line that writes); per batch: the look-ups and the
    # bulk writes; per new organisation: its validation and collection; per run: the import account,
    # the summaries.
    assert large <= small
    assert large / len(lines) <= 1.5, large
    assert small / len(lines) <= 3.5, small
    assert bigger_file / (2 * len(lines)) <= large / len(lines), bigger_file


def test_reimporting_unchanged_lines_costs_queries_per_batch_not_per_line(tmp_path):
    path = write_batch(tmp_path, generated_lines(organisations=4, years=(2021, 2022, 2023, 2024, 2025)))
    import_file(path)

    with CaptureQueriesContext(connection) as captured:
        report = import_file(path)

    # No line writes, so none makes a savepoint: the batch's look-ups, the summaries, the purge.
    assert report.unchanged == 80
    assert len(captured) / 80 <= 0.5, len(captured)
    # (The summaries' update_or_create make one each, for 4 organisations.)
    assert len([q for q in captured if q["sql"].upper().startswith("SAVEPOINT")]) <= 8


# --- what the bulk path stands in for --------------------------------------------------------------------


def _receivers(signal, sender):
    return {f"{r.__module__}.{r.__qualname__}" for r in signal._live_receivers(sender)[0]}


@pytest.mark.parametrize("model", [DisclosurePage, OrganisationPage])
def test_every_page_published_receiver_is_one_the_bulk_publication_stands_in_for(model):
    """A new receiver of page_published (or post_save) is not called for pages the import writes in
    bulk: add what it does to the importer, then to PAGE_PUBLISHED_RECEIVERS / POST_SAVE_RECEIVERS."""
    assert _receivers(page_published, model) <= set(PAGE_PUBLISHED_RECEIVERS)
    written = [model, DisclosureAttachment, Revision, PageLogEntry, DeclaredDateConfirmation, Collection]
    for sender in written:
        assert _receivers(post_save, sender) <= set(POST_SAVE_RECEIVERS), sender


class RecordingBackend(BaseBackend):
    """A frontend-cache backend that records the URLs it is asked to purge instead of sending them."""

    purged: list = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def recording_proxy(monkeypatch):
    """The real ``purge_for_pages`` (counted), with a recording backend configured as the proxy."""
    RecordingBackend.purged = []
    calls = []
    purge = importing.purge_for_pages

    def counted(pages):
        pages = list(pages)
        calls.append(sorted(page.pk for page in pages))
        return purge(pages)

    monkeypatch.setattr(importing, "purge_for_pages", counted)
    backend = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend, WAGTAILFRONTENDCACHE_LANGUAGES=[]):
        yield calls


def paths_purged():
    return {urlsplit(url).path for url in RecordingBackend.purged}


def test_the_frontend_cache_is_purged_once_per_run_with_the_pages_created_or_changed(
    tmp_path, recording_proxy, django_capture_on_commit_callbacks
):
    calls = recording_proxy
    with django_capture_on_commit_callbacks(execute=True):
        import_file(SAMPLE_FILE, batch_size=2)  # three batches, one purge
    organisations = OrganisationPage.objects.filter(
        credit_code__in=["53330702MJ73PWQ39D", "51330702MJ0LCCBX76"]
    )
    created = [
        page
        for organisation in organisations
        for page in Page.objects.descendant_of(organisation, inclusive=True).specific()
    ]
    assert len(created) == 8
    assert calls == [sorted(page.pk for page in created)]
    index = DisclosureIndexPage.objects.order_by("path").first()
    expected = {page.url for page in created} | {index.url, "/", "/sitemap.xml"}
    assert expected <= paths_purged()

    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        import_file(SAMPLE_FILE)  # unchanged
    assert calls[1] == [] and RecordingBackend.purged == []

    changed = sample_line(0, body="改过的正文")
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write_batch(tmp_path, [changed]))
    page = DisclosurePage.objects.get(title=changed["title"])
    assert calls[2] == [page.pk] and len(calls) == 3
    assert {page.url, page.get_parent().url, index.url, "/"} <= paths_purged()


def test_nothing_is_purged_before_the_import_commits(
    tmp_path, recording_proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_file(SAMPLE_FILE)

    assert RecordingBackend.purged == [] and len(callbacks) == 1
    callbacks[0]()
    assert (
        DisclosurePage.objects.filter(title__startswith="婺城区示例慈善基金会2024").first().url
        in paths_purged()
    )


def test_an_attachment_attached_again_in_the_run_is_not_extracted_again(tmp_path, monkeypatch):
    """The same PDF attached by two organisations: a document in each one's collection, the text
    extracted once (a child process each time), both documents with the same text."""
    extracted = []
    extract = pdf_text.extract_pdf_text

    def counted(file):
        extracted.append(file.name)
        return extract(file)

    monkeypatch.setattr(pdf_text, "extract_pdf_text", counted)
    lines = generated_lines(organisations=2, years=(2024,))
    for line in lines:
        if line["type"] == "audit_report":
            line["attachments"] = [{"file": "attachments/shili-audit-2024.pdf", "title": "审计报告全文"}]
    path = write_batch(tmp_path, lines)

    report = import_file(path, batch_size=3)

    assert report.errors == [] and len(extracted) == 1
    documents = list(Document.objects.filter(title="审计报告全文"))
    assert len(documents) == 2 and documents[0].collection_id != documents[1].collection_id
    assert {(d.extracted_text, d.text_status, d.file_hash) for d in documents} == {
        (documents[0].extracted_text, pdf_text.EXTRACTED, documents[0].file_hash)
    }
    assert "示范会计师事务所" in documents[0].extracted_text
    for line in lines:
        if line["type"] == "audit_report":  # found by the words of its attachment
            found = DisclosurePage.objects.live().search("示范会计师事务所")
            assert line["title"] in {page.title for page in found}


def test_what_a_batch_creates_is_found_by_search(tmp_path):
    lines = generated_lines(organisations=2, years=(2024,))
    import_file(write_batch(tmp_path, lines), batch_size=3)

    for line in lines:
        found = DisclosurePage.objects.live().search(line["title"])
        assert line["title"] in [page.title for page in found]
    # Words of the body only (the titles of two of the four lines do not have them).
    word = PROJECTS[(1 + 2024) % len(PROJECTS)]  # organisation 1's project
    expected = {line["title"] for line in lines if word in line["body"]}
    found = {page.title for page in DisclosurePage.objects.live().search(word)}
    assert len(expected) == 4 and found == expected


def test_progress_is_reported_for_every_line_once_its_batch_is_written(tmp_path):
    lines = generated_lines(organisations=1, years=(2024,))
    seen = []

    def progress(done, total):
        seen.append((done, total, DisclosurePage.objects.filter(title=lines[done - 1]["title"]).exists()))

    Importer(batch_size=3).run(write_batch(tmp_path, lines), progress=progress)

    assert seen == [(n, len(lines), True) for n in range(1, len(lines) + 1)]


# --- collections in bulk --------------------------------------------------------------------------------


NAMES = ["丙组织", "甲组织", "乙组织", "阿组织", "Zeta", "alpha", "甲组织"]


def test_collections_added_in_bulk_sort_as_treebeard_sorts_them_one_by_one():
    parent = section_collection().add_child(name="批量测试")
    reference = section_collection().add_child(name="逐个测试")
    for name in ["乙组织", "戊组织"]:
        parent.add_child(name=name)
        reference.add_child(name=name)

    bulk_publish.add_sorted_children(parent, [Collection(name=name) for name in NAMES])
    for name in NAMES:
        reference.add_child(name=name)
    bulk_publish.add_sorted_children(parent, [Collection(name="丁组织")])  # fits in a gap
    reference.add_child(name="丁组织")

    parent.refresh_from_db()
    names = [c.name for c in parent.get_children()]
    assert names == [c.name for c in reference.get_children()]
    assert names == sorted(names)
    assert parent.numchild == len(NAMES) + 3
    assert all(not problem for problem in Collection.find_problems())


def test_a_new_organisations_collection_is_the_one_organisation_collection_finds(tmp_path):
    import_file(SAMPLE_FILE)

    for code in ["53330702MJ73PWQ39D", "51330702MJ0LCCBX76"]:
        organisation = OrganisationPage.objects.get(credit_code=code)
        before = Collection.objects.count()
        collection = organisation_collection(organisation)
        assert Collection.objects.count() == before
        assert collection.name == f"{organisation.title}（{code}）"


@pytest.mark.parametrize(
    "content",
    [b"a\nb\n", b"a\r\nb", b"a\rb\r\rc\n", b"\n\na\n\n", b"a\r\n\r\nb\r", b"", b"\xef\xbb\xbfa\nb"],
    ids=["LF", "CRLF without a last newline", "CR", "blank lines", "CRLF and CR", "empty", "BOM"],
)
def test_the_file_is_read_a_line_at_a_time_into_the_lines_a_whole_read_gives(tmp_path, content):
    path = tmp_path / "lines.jsonl"
    path.write_bytes(content)

    assert list(raw_lines(path)) == content.splitlines()


def test_the_command_takes_a_batch_size_and_reports_as_with_one_batch():
    out, err = run_command(SAMPLE_FILE, "--batch-size", "2")

    assert f"[{'#' * 30}] 6/6 100%" in err
    assert out.startswith("Imported: 6 new, 0 updated, 0 unchanged disclosures; 2 new")
    assert DisclosurePage.objects.filter(title__startswith="婺城区示例慈善基金会2024").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="title norms are the PostgreSQL backend's")
def test_title_norms_are_refreshed_once_per_run_from_the_final_average(tmp_path, monkeypatch):
    """modelsearch refreshes title norms (two scans of the whole index) after every bulk addition;
    an import does it once at the end (search/backends/postgres.py), and every new entry ends with
    the norm a refresh after the last batch gives: the final average title length over its own."""
    from django.db.models import Avg
    from django.db.models.functions import Length
    from modelsearch.backends.database.postgres import postgres
    from modelsearch.conf import get_app_config

    refreshes = []
    refresh = postgres.PostgresIndex._refresh_title_norms

    def counted(index, full=False):
        refreshes.append(full)
        return refresh(index, full=full)

    IndexEntry = get_app_config().get_model("IndexEntry")
    monkeypatch.setattr(postgres.PostgresIndex, "_refresh_title_norms", counted)
    path = write_batch(tmp_path, generated_lines())  # 24 lines: 8 batches of 3
    report = import_file(path, batch_size=3)
    assert report.errors == [] and report.created == 24
    assert refreshes == [False]

    entries = IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0)
    average = entries.aggregate(Avg("length"))["length__avg"]
    ids = [str(pk) for pk in DisclosurePage.objects.values_list("pk", flat=True)]
    new = list(entries.filter(object_id__in=ids))
    assert len(new) == 24
    assert all(entry.title_norm == pytest.approx(average / entry.length) for entry in new)
