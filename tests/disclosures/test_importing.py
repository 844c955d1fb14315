"""Bulk import of disclosures from JSON Lines (disclosures.importing, ``import_disclosures``).

Real database, real files: the sample file of the import format (../shared/samples/ when it is beside
the repository, else the bundled copy) with its two Chinese PDFs, and small files written to tmp_path.

The session's site has no organisations (no demo content), so importing the sample really creates
its organisations, pages, documents and collections; each test's changes are rolled back after it.
"""

import datetime
import hashlib
import json
import re
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, PageLogEntry, Revision

from disclosures.accounts import organisation_collection
from disclosures.credit_code import check_character
from disclosures.figures import FIGURE_FIELDS
from disclosures.importing import IMPORT_USERNAME, Importer, body_html, import_file, import_user
from disclosures.models import DisclosureIndexPage, DisclosurePage, OrganisationPage, OrganisationSummary
from wucheng_site import pdf_text

REPO = Path(__file__).resolve().parents[2]
SHARED_SAMPLES = REPO.parent / "shared" / "samples"
BUNDLED_SAMPLES = REPO / "demo" / "data" / "disclosures" / "samples"
SAMPLES = SHARED_SAMPLES if (SHARED_SAMPLES / "disclosures-sample.jsonl").exists() else BUNDLED_SAMPLES
SAMPLE_FILE = SAMPLES / "disclosures-sample.jsonl"
SAMPLE_LINES = [json.loads(line) for line in SAMPLE_FILE.read_text("utf-8").splitlines() if line.strip()]
SAMPLE_CODES = sorted({line["organization"]["credit_code"] for line in SAMPLE_LINES})
AUDIT_PDF = SAMPLES / "attachments" / "shili-audit-2024.pdf"
PROGRESS_PDF = SAMPLES / "attachments" / "xiguan-project-2025q2.pdf"

FOUNDATION = "53330702MJ73PWQ39D"  # 婺城区示例慈善基金会: lines 1–3 of the sample
NEIGHBOURS = "51330702MJ0LCCBX76"  # 西关街道邻里互助会: lines 4–6, public_fundraising false
NEW_CODE = "51330702MJ8K9P001"  # completed with its check character below
NEW_CODE += check_character(NEW_CODE)

Document = get_document_model()

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def english_messages():
    """Reasons are asserted in English, whatever translations are added to the catalogue later."""
    with translation.override("en"):
        yield


def sample_line(index, **changes):
    """A deep copy of the sample's line ``index`` (0-based), with top-level keys replaced."""
    line = json.loads(json.dumps(SAMPLE_LINES[index]))
    line.update(changes)
    return line


def write_batch(folder, lines, name="disclosures.jsonl"):
    """Write ``lines`` (dicts → JSON, str → as typed, bytes → raw) and the sample PDFs to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES / "attachments", folder / "attachments", dirs_exist_ok=True)
    raw = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line, ensure_ascii=False)
        raw.append(line if isinstance(line, bytes) else line.encode("utf-8"))
    path = folder / name
    path.write_bytes(b"\n".join(raw) + b"\n")
    return path


def organisation(code):
    return OrganisationPage.objects.get(credit_code=code, locale=Locale.get_default())


def disclosure(code, title):
    return DisclosurePage.objects.child_of(organisation(code)).get(title=title)


def sample_disclosures():
    return [page for code in SAMPLE_CODES for page in DisclosurePage.objects.child_of(organisation(code))]


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": Document.objects.count(),
        "collections": Collection.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "users": get_user_model().objects.count(),
    }


def snapshot():
    """Every stored value of the sample's organisations and disclosures, attachments included."""
    state = {}
    for code in SAMPLE_CODES:
        org = organisation(code)
        state[code] = {
            name: getattr(org, name)
            for name in ("title", "slug", "kind", "registered_on", "public_fundraising", "live")
        } | {"latest_revision_id": org.latest_revision_id, "live_revision_id": org.live_revision_id}
        for page in DisclosurePage.objects.child_of(org).order_by("path"):
            state[(code, page.title)] = {
                name: getattr(page, name)
                for name in (
                    "slug",
                    "path",
                    "disclosure_type",
                    "year",
                    "declared_on",
                    "declared_where",
                    "body",
                    *FIGURE_FIELDS,
                    "live",
                    "has_unpublished_changes",
                    "latest_revision_id",
                    "live_revision_id",
                    "last_published_at",
                )
            } | {
                "attachments": [
                    (a.document_id, a.title, a.document.file_hash, a.document.collection_id)
                    for a in page.attachments.select_related("document")
                ]
            }
    return state


def sha1(path):
    return hashlib.sha1(path.read_bytes()).hexdigest()


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_disclosures", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- importing the sample file ---------------------------------------------------------------------


def test_importing_the_sample_creates_its_organisations_under_the_disclosure_section():
    report = import_file(SAMPLE_FILE)

    assert report.errors == []
    assert (report.lines, report.organisations_created, report.organisations_updated) == (6, 2, 0)
    index = DisclosureIndexPage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    for code in SAMPLE_CODES:
        described = next(
            line["organization"] for line in SAMPLE_LINES if line["organization"]["credit_code"] == code
        )
        org = organisation(code)
        assert org.get_parent().specific == index
        assert org.live and not org.has_unpublished_changes
        assert org.title == described["name"]
        assert org.kind == described["kind"]
        assert org.registered_on == datetime.date.fromisoformat(described["registered_on"])
        assert org.public_fundraising is described["public_fundraising"]


def test_importing_the_sample_publishes_its_six_disclosures_with_their_values():
    report = import_file(SAMPLE_FILE)

    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert len(sample_disclosures()) == 6
    for line in SAMPLE_LINES:
        page = disclosure(line["organization"]["credit_code"], line["title"])
        assert page.live and not page.has_unpublished_changes
        assert page.disclosure_type == line["type"]
        assert page.year == line["year"]
        assert page.declared_on == datetime.date.fromisoformat(line["published_on"])
        assert page.declared_where == "导入文件 disclosures-sample.jsonl"
        assert page.body == body_html(line["body"])
        for name in FIGURE_FIELDS:
            expected = line["figures"].get(name)
            assert getattr(page, name) == (None if expected is None else Decimal(expected)), name


def test_body_paragraphs_become_rich_text_paragraphs_with_markup_escaped():
    assert body_html("第一段\n第二行\n\n<b>第二段</b>\n\n\n") == (
        "<p>第一段<br/>第二行</p><p>&lt;b&gt;第二段&lt;/b&gt;</p>"
    )


def test_imported_pages_are_published_by_the_import_account():
    import_file(SAMPLE_FILE)

    importer = get_user_model().objects.get(username=IMPORT_USERNAME)
    assert not importer.is_active and not importer.has_usable_password()
    pages = [organisation(code) for code in SAMPLE_CODES] + list(sample_disclosures())
    assert len(pages) == 8
    for page in pages:
        assert page.live_revision_id == page.latest_revision_id
        assert page.live_revision.user == importer
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=importer).exists()


def test_attachments_are_copied_into_the_organisations_own_collection_with_their_text():
    import_file(SAMPLE_FILE)

    expectations = {
        (FOUNDATION, "婺城区示例慈善基金会2024年度审计报告"): (
            AUDIT_PDF,
            "2024年度财务报表审计报告",
            "审计意见类型：无保留意见",
        ),
        (NEIGHBOURS, "“银龄助餐”项目2025年第二季度进展"): (
            PROGRESS_PDF,
            "2025年第二季度进展报告",
            "累计为独居老人提供午餐",
        ),
    }
    for (code, title), (source, attachment_title, words) in expectations.items():
        [attachment] = disclosure(code, title).attachments.select_related("document")
        document = attachment.document
        assert attachment.display_title == attachment_title
        assert document.collection == organisation_collection(organisation(code))
        assert document.uploaded_by_user.username == IMPORT_USERNAME
        assert document.file_hash == sha1(source)
        assert document.file_size == source.stat().st_size
        with document.open_file() as stored:
            assert stored.read() == source.read_bytes()  # a copy in media storage, not a link
        assert Path(document.file.path).resolve() != source.resolve()
        assert document.text_status == pdf_text.EXTRACTED
        assert words in document.extracted_text
    assert Document.objects.filter(file_hash__in=[sha1(AUDIT_PDF), sha1(PROGRESS_PDF)]).count() == 2


def test_the_same_pdf_is_stored_once_per_organisation_and_never_shared_between_them(tmp_path):
    audit = sample_line(1)
    audit_again = sample_line(
        2, attachments=[{"file": "attachments/shili-audit-2024.pdf", "title": "审计报告"}]
    )
    other = sample_line(3, attachments=[{"file": "attachments/shili-audit-2024.pdf", "title": "转载"}])
    report = import_file(write_batch(tmp_path, [audit, audit_again, other]))

    assert report.errors == [] and report.created == 3
    documents = Document.objects.filter(file_hash=sha1(AUDIT_PDF))
    assert sorted(d.collection_id for d in documents) == sorted(
        [
            organisation_collection(organisation(FOUNDATION)).pk,
            organisation_collection(organisation(NEIGHBOURS)).pk,
        ]
    )


# --- idempotence -----------------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing():
    import_file(SAMPLE_FILE)
    before, state = counts(), snapshot()

    report = import_file(SAMPLE_FILE)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert (report.organisations_created, report.organisations_updated) == (0, 0)
    assert counts() == before
    assert snapshot() == state


def test_the_same_content_from_another_folder_is_recognised_by_its_hash(tmp_path):
    import_file(SAMPLE_FILE)
    before, state = counts(), snapshot()

    report = import_file(write_batch(tmp_path / "elsewhere", SAMPLE_LINES))

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert counts() == before
    assert snapshot() == state


def test_documents_stored_without_a_hash_are_recognised_instead_of_copied():
    """Documents imported before the importer stored file_hash (Wagtail only sets it in its views)."""
    import_file(SAMPLE_FILE)
    Document.objects.filter(file_hash__in=[sha1(AUDIT_PDF), sha1(PROGRESS_PDF)]).update(file_hash="")
    documents = Document.objects.count()

    report = import_file(SAMPLE_FILE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert Document.objects.count() == documents
    assert Document.objects.filter(file_hash=sha1(AUDIT_PDF)).count() == 1


# --- bad lines ---------------------------------------------------------------------------------------

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def with_attachment(index, file, title="附件"):
    return sample_line(index, attachments=[{"file": file, "title": title}])


def bad_credit_code():
    line = sample_line(0, title="错误信用代码的报告")
    line["organization"] = dict(
        line["organization"], name="信用代码写错的基金会", credit_code="53330702MJ73PWQ39E"
    )
    return line


BAD_LINES = {
    # id: (line, words the reason must contain)
    "bad credit code": (
        bad_credit_code(),
        ["credit code 53330702MJ73PWQ39E", "check character", "should be D"],
    ),
    "unknown type": (
        sample_line(0, type="annual_summary", title="未知类型"),
        ["unknown disclosure type", "annual_summary"],
    ),
    "missing attachment": (
        with_attachment(1, "attachments/no-such-file.pdf"),
        ["attachments/no-such-file.pdf", "not found"],
    ),
    "html renamed pdf": (with_attachment(1, "attachments/page.pdf"), ["attachments/page.pdf", "not a PDF"]),
    "invalid json": ('{"organization": {"name": "婺城区示例慈善基金会", "credit_code": ', ["not valid JSON"]),
    "not utf-8": (
        json.dumps(sample_line(3, title="GBK编码的行"), ensure_ascii=False).encode("gbk"),
        ["not UTF-8"],
    ),
    "figures on a project": (
        sample_line(3, figures={"total_income": 1000}),
        ["figures are only accepted on", "annual", "financial"],
    ),
    "wrong kind": (
        sample_line(0, organization=dict(SAMPLE_LINES[0]["organization"], kind="company")),
        ["kind", "company"],
    ),
    "new organisation without kind": (
        sample_line(3, organization={"name": "新成立的协会", "credit_code": NEW_CODE}),
        ["新成立的协会", "kind is required"],
    ),
    "missing title": (sample_line(0, title="  "), ["title", "missing"]),
    "year out of range": (sample_line(0, year=1899, title="很久以前"), ["year", "1899"]),
    "bad date": (
        sample_line(0, published_on="2025-13-40", title="错误日期"),
        ["published_on", "2025-13-40", "not a date"],
    ),
    "figure not a number": (
        sample_line(0, figures={"total_income": "一百万"}, title="错误数字"),
        ["total_income", "not a number"],
    ),
    "unknown figure": (
        sample_line(0, figures={"profit": 1}, title="未知数字"),
        ["unknown figures", "profit"],
    ),
    "not an object": ('["婺城区示例慈善基金会"]', ["JSON object"]),
}


@pytest.mark.parametrize("problem", BAD_LINES)
def test_a_bad_line_is_skipped_with_its_number_and_a_reason_naming_the_problem(tmp_path, problem):
    bad, words = BAD_LINES[problem]
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "page.pdf").write_bytes(HTML_PAGE)
    before = counts()

    report = import_file(write_batch(tmp_path, [sample_line(0), bad, sample_line(4)]))

    [(number, reason)] = report.errors
    assert number == 2
    for word in words:
        assert word in reason, (word, reason)
    assert report.created == 2
    disclosure(FOUNDATION, SAMPLE_LINES[0]["title"])
    disclosure(NEIGHBOURS, SAMPLE_LINES[4]["title"])
    # Two organisations, two disclosures, one attachment: nothing from the bad line.
    assert counts()["pages"] == before["pages"] + 4
    assert counts()["documents"] == before["documents"] + 1
    assert not OrganisationPage.objects.filter(title__in=["信用代码写错的基金会", "新成立的协会"]).exists()


def test_in_a_file_of_good_and_bad_lines_every_good_line_is_imported_and_every_bad_one_reported(tmp_path):
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "page.pdf").write_bytes(HTML_PAGE)
    lines = [
        sample_line(0),  # 1
        BAD_LINES["bad credit code"][0],  # 2
        sample_line(3),  # 3
        BAD_LINES["unknown type"][0],  # 4
        BAD_LINES["missing attachment"][0],  # 5
        sample_line(1),  # 6 (with its PDF)
        BAD_LINES["html renamed pdf"][0],  # 7
        BAD_LINES["invalid json"][0],  # 8
        BAD_LINES["not utf-8"][0],  # 9
        BAD_LINES["figures on a project"][0],  # 10
        "",  # 11: blank lines are skipped but still counted
        sample_line(4),  # 12 (with its PDF)
        sample_line(5),  # 13
        sample_line(2),  # 14
    ]
    before = counts()

    report = import_file(write_batch(tmp_path, lines))

    reasons = dict(report.errors)
    assert sorted(reasons) == [2, 4, 5, 7, 8, 9, 10]
    assert "check character" in reasons[2]
    assert "annual_summary" in reasons[4]
    assert "no-such-file.pdf" in reasons[5] and "not found" in reasons[5]
    assert "page.pdf" in reasons[7] and "not a PDF" in reasons[7]
    assert "not valid JSON" in reasons[8]
    assert "not UTF-8" in reasons[9]
    assert "figures are only accepted" in reasons[10]
    assert report.lines == 14
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert report.organisations_created == 2
    for line in SAMPLE_LINES:
        assert disclosure(line["organization"]["credit_code"], line["title"]).live
    after = counts()
    assert after["pages"] - before["pages"] == 8
    assert after["documents"] - before["documents"] == 2


def test_an_organisation_described_differently_on_two_lines_is_refused_on_the_second(tmp_path):
    changed = sample_line(4)
    changed["organization"]["public_fundraising"] = True

    report = import_file(write_batch(tmp_path, [sample_line(3), changed, sample_line(5)]))

    [(number, reason)] = report.errors
    assert number == 2 and "described differently on an earlier line" in reason
    assert organisation(NEIGHBOURS).public_fundraising is False
    assert report.created == 2


def test_a_byte_order_mark_at_the_start_of_the_file_is_ignored(tmp_path):
    """Windows editors save UTF-8 with a BOM; the first line must not be refused for it."""
    path = write_batch(tmp_path, SAMPLE_LINES)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    report = import_file(path)

    assert report.errors == []
    assert report.created == 6


# --- attachment paths ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file",
    [
        "../outside.pdf",
        "attachments/../../outside.pdf",
        pytest.param(str(AUDIT_PDF.resolve()), id="absolute path of an existing PDF"),
        "/etc/passwd",
    ],
)
def test_an_attachment_path_outside_the_import_folder_is_refused(tmp_path, file):
    shutil.copy(AUDIT_PDF, tmp_path / "outside.pdf")  # exists, so only the path can be the reason
    documents = Document.objects.count()

    report = import_file(write_batch(tmp_path / "batch", [with_attachment(1, file)]))

    assert report.errors == [(1, f"attachment {file} must be a path inside the import folder")]
    assert report.imported == 0
    assert Document.objects.count() == documents


def test_a_symbolic_link_leading_out_of_the_import_folder_is_refused(tmp_path):
    shutil.copy(AUDIT_PDF, tmp_path / "outside.pdf")
    folder = tmp_path / "batch"
    path = write_batch(folder, [with_attachment(1, "attachments/link.pdf")])
    (folder / "attachments" / "link.pdf").symlink_to(tmp_path / "outside.pdf")

    report = import_file(path)

    assert report.errors == [(1, "attachment attachments/link.pdf must be a path inside the import folder")]


def test_an_attachment_in_a_subfolder_of_the_import_folder_is_accepted(tmp_path):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    shutil.copy(AUDIT_PDF, tmp_path / "deep" / "er" / "审计报告.pdf")

    report = import_file(write_batch(tmp_path, [with_attachment(1, "deep/./er/审计报告.pdf", "审计")]))

    assert report.errors == [] and report.created == 1


# --- dry run -------------------------------------------------------------------------------------------


def test_a_dry_run_changes_nothing_and_reports_what_would_be_created(tmp_path):
    before = counts()

    report = Importer(dry_run=True).run(write_batch(tmp_path, [*SAMPLE_LINES, BAD_LINES["unknown type"][0]]))

    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert (report.organisations_created, report.organisations_updated) == (2, 0)
    assert report.errors == [(7, "unknown disclosure type “annual_summary”")]
    assert counts() == before
    assert not OrganisationPage.objects.filter(credit_code__in=SAMPLE_CODES).exists()


def test_a_dry_run_reports_updates_without_making_them(tmp_path):
    import_file(SAMPLE_FILE)
    before, state = counts(), snapshot()
    lines = [sample_line(i) for i in range(6)]
    lines[0]["figures"]["total_income"] = 3870000
    for line in lines[3:]:
        line["organization"]["public_fundraising"] = True

    report = Importer(dry_run=True).run(write_batch(tmp_path, lines))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 5)
    assert (report.organisations_created, report.organisations_updated) == (0, 1)
    assert counts() == before
    assert snapshot() == state


def test_the_command_dry_run_says_what_it_would_do_and_changes_nothing():
    before = counts()

    out, _err = run_command(SAMPLE_FILE, "--dry-run", "--no-progress")

    assert "Dry run — would import: 6 new, 0 updated, 0 unchanged disclosures; 2 new" in out
    assert counts() == before


# --- changes ---------------------------------------------------------------------------------------------


def change_figure(lines):
    lines[0]["figures"]["total_income"] = 3861234.5
    return FOUNDATION, lines[0]["title"], lambda page: page.total_income == Decimal("3861234.50")


def change_body(lines):
    lines[3]["body"] = "项目预算调整为40万元。\n\n新增两个助餐点。"
    return (
        NEIGHBOURS,
        lines[3]["title"],
        lambda page: page.body == "<p>项目预算调整为40万元。</p><p>新增两个助餐点。</p>",
    )


def change_published_on(lines):
    lines[2]["published_on"] = "2025-03-02"
    return FOUNDATION, lines[2]["title"], lambda page: page.declared_on == datetime.date(2025, 3, 2)


def remove_figure(lines):
    del lines[5]["figures"]["net_assets"]
    return NEIGHBOURS, lines[5]["title"], lambda page: page.net_assets is None


def rename_attachment(lines):
    lines[1]["attachments"][0]["title"] = "审计报告（全文）"
    return (
        FOUNDATION,
        lines[1]["title"],
        lambda page: [a.title for a in page.attachments.all()] == ["审计报告（全文）"],
    )


def replace_attachment(lines):
    lines[4]["attachments"] = [{"file": "attachments/shili-audit-2024.pdf", "title": "更正后的进展报告"}]
    return (
        NEIGHBOURS,
        lines[4]["title"],
        lambda page: [a.document.file_hash for a in page.attachments.all()] == [sha1(AUDIT_PDF)],
    )


@pytest.mark.parametrize(
    "change",
    [change_figure, change_body, change_published_on, remove_figure, rename_attachment, replace_attachment],
    ids=lambda change: change.__name__,
)
def test_a_changed_line_updates_its_page_with_a_new_published_revision(tmp_path, change):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    code, title, changed = change(lines)
    page = disclosure(code, title)
    first_revision, revisions = page.live_revision, page.revisions.count()

    report = import_file(write_batch(tmp_path, lines))

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 1, 5)
    page = disclosure(code, title)
    assert changed(page)
    assert page.live and not page.has_unpublished_changes
    assert page.revisions.count() == revisions + 1
    assert page.live_revision != first_revision and page.live_revision_id == page.latest_revision_id
    assert page.live_revision.user.username == IMPORT_USERNAME
    assert changed(page.live_revision.as_object())
    assert Revision.objects.filter(pk=first_revision.pk).exists()  # history keeps what was first disclosed


def test_renaming_an_attachment_does_not_copy_its_file_again(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    rename_attachment(lines)
    documents = Document.objects.count()

    import_file(write_batch(tmp_path, lines))

    assert Document.objects.count() == documents


def test_changing_public_fundraising_updates_the_organisation(tmp_path):
    import_file(SAMPLE_FILE)
    org = organisation(NEIGHBOURS)
    revisions = org.revisions.count()
    lines = [sample_line(i) for i in range(6)]
    for line in lines[3:]:
        line["organization"]["public_fundraising"] = True

    report = import_file(write_batch(tmp_path, lines))

    assert report.errors == []
    assert (report.organisations_created, report.organisations_updated) == (0, 1)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    org = organisation(NEIGHBOURS)
    assert org.public_fundraising is True
    assert org.live and not org.has_unpublished_changes
    assert org.revisions.count() == revisions + 1
    assert org.live_revision.user.username == IMPORT_USERNAME
    assert org.live_revision.as_object().public_fundraising is True
    assert organisation(FOUNDATION).public_fundraising is True  # the other one is untouched


def test_an_omitted_public_fundraising_keeps_the_organisations_value(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(3)]
    for line in lines:
        del line["organization"]["public_fundraising"]
        del line["organization"]["registered_on"]

    report = import_file(write_batch(tmp_path, lines))

    assert (report.organisations_updated, report.unchanged) == (0, 3)
    org = organisation(FOUNDATION)
    assert org.public_fundraising is True and org.registered_on == datetime.date(2016, 9, 12)


def test_renaming_an_organisation_renames_its_collection(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(3)]
    for line in lines:
        line["organization"]["name"] = "婺城区示例公益基金会"

    report = import_file(write_batch(tmp_path, lines), rename_organisations=True)

    assert (report.organisations_renamed, report.organisations_updated) == (1, 0)
    org = organisation(FOUNDATION)
    assert org.title == "婺城区示例公益基金会"
    [attachment] = disclosure(FOUNDATION, SAMPLE_LINES[1]["title"]).attachments.all()
    assert attachment.document.collection.name == f"婺城区示例公益基金会（{FOUNDATION}）"


# --- the directory summary ---------------------------------------------------------------------------


def test_an_import_refreshes_the_directory_summary_of_each_organisation():
    import_file(SAMPLE_FILE)

    foundation = OrganisationSummary.objects.get(organisation=organisation(FOUNDATION))
    assert foundation.disclosure_count == 3
    assert foundation.latest_disclosure_on == datetime.date(2025, 5, 26)
    assert foundation.latest_total_income == Decimal("3860000")
    assert foundation.refreshed_on == timezone.localdate()
    neighbours = OrganisationSummary.objects.get(organisation=organisation(NEIGHBOURS))
    assert neighbours.disclosure_count == 3
    assert neighbours.latest_disclosure_on == datetime.date(2025, 7, 10)
    assert neighbours.latest_total_income == Decimal("126000")


def test_a_changed_figure_reaches_the_directory_summary(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    lines[5]["figures"]["total_income"] = 130000

    import_file(write_batch(tmp_path, lines))

    summary = OrganisationSummary.objects.get(organisation=organisation(NEIGHBOURS))
    assert summary.latest_total_income == Decimal("130000")


def test_a_stale_summary_is_refreshed_even_when_nothing_changed():
    import_file(SAMPLE_FILE)
    OrganisationSummary.objects.filter(organisation__credit_code__in=SAMPLE_CODES).update(
        disclosure_count=0, latest_total_income=None, refreshed_on=datetime.date(2020, 1, 1)
    )

    import_file(SAMPLE_FILE)

    for code in SAMPLE_CODES:
        summary = OrganisationSummary.objects.get(organisation=organisation(code))
        assert summary.disclosure_count == 3
        assert summary.latest_total_income is not None
        assert summary.refreshed_on == timezone.localdate()


def test_a_dry_run_does_not_touch_summaries():
    import_file(SAMPLE_FILE)
    OrganisationSummary.objects.filter(organisation__credit_code__in=SAMPLE_CODES).update(disclosure_count=0)

    Importer(dry_run=True).run(SAMPLE_FILE)

    assert set(
        OrganisationSummary.objects.filter(organisation__credit_code__in=SAMPLE_CODES).values_list(
            "disclosure_count", flat=True
        )
    ) == {0}


# --- the management command ----------------------------------------------------------------------------


def test_the_command_draws_a_progress_bar_and_prints_the_summary():
    out, err = run_command(SAMPLE_FILE)

    assert f"[{'#' * 30}] 6/6 100%" in err
    assert err.count("\n") <= 11  # not a line per record: every 10 % on a file
    assert out.strip().splitlines() == [
        "Imported: 6 new, 0 updated, 0 unchanged disclosures; 2 new, 0 updated and 0 renamed "
        "organisations; 0 bad line(s) skipped of 6.",
        "Corrections: 0 linked, 0 not linked (staff link them in Reports → Unlinked corrections). "
        "Declared dates confirmed by this import: 6. Warnings: 0.",
    ]
    assert len(sample_disclosures()) == 6


def test_the_command_without_progress_draws_no_bar():
    _out, err = run_command(SAMPLE_FILE, "--no-progress")

    assert err == ""


def test_the_command_reports_each_bad_line_by_number_and_counts_them(tmp_path):
    path = write_batch(tmp_path, [sample_line(0), BAD_LINES["unknown type"][0], sample_line(3)])

    out, err = run_command(path, "--no-progress")

    assert "line 2: unknown disclosure type “annual_summary”" in err
    assert "Imported: 2 new" in out and "1 bad line(s) skipped of 3." in out


def test_the_progress_bar_reaches_the_end_when_the_last_line_is_not_utf8(tmp_path):
    path = write_batch(tmp_path, [sample_line(0), BAD_LINES["not utf-8"][0]])

    out, err = run_command(path)

    assert f"[{'#' * 30}] 2/2 100%" in err
    assert "line 2: not UTF-8 text" in err
    assert "1 bad line(s) skipped of 2." in out


def test_the_command_fails_when_no_line_could_be_imported(tmp_path):
    path = write_batch(tmp_path, [BAD_LINES["unknown type"][0], BAD_LINES["invalid json"][0]])
    # The import account exists wherever anything was imported before; the importer creates it on
    # start, even when no line then imports (reported to the lead as a product question).
    import_user()
    before = counts()

    with pytest.raises(CommandError, match="No line could be imported"):
        run_command(path, "--no-progress")

    assert counts() == before


def test_the_command_fails_when_the_file_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere.jsonl"

    with pytest.raises(CommandError, match=re.escape(f"File not found: {missing}")):
        run_command(missing)


def test_the_command_fails_when_there_is_no_disclosure_section_to_import_into(tmp_path):
    DisclosureIndexPage.objects.filter(locale=Locale.get_default()).delete()

    with pytest.raises(CommandError, match="DisclosureIndexPage"):
        run_command(SAMPLE_FILE)


def test_the_text_of_an_imported_attachment_finds_its_disclosure_in_search():
    import_file(SAMPLE_FILE)

    found = DisclosurePage.objects.live().search("金华市示范会计师事务所")  # only in the PDF

    assert [page.title for page in found] == ["婺城区示例慈善基金会2024年度审计报告"]


@pytest.mark.django_db
def test_figures_on_an_audit_report_are_refused_as_the_format_says(tmp_path):
    line = sample_line(1, figures={"total_income": 100})
    report = import_file(write_batch(tmp_path, [line]))
    assert report.created == 0
    assert "annual and financial reports" in report.errors[0][1]


@pytest.mark.django_db
def test_a_bad_line_does_not_hide_a_conflicting_description_later(tmp_path):
    first = sample_line(0)
    broken = sample_line(1, type="no-such-type")
    conflicting = sample_line(2)
    conflicting["organization"] = {**conflicting["organization"], "public_fundraising": False}
    report = import_file(write_batch(tmp_path, [first, broken, conflicting]))
    assert [number for number, _ in report.errors] == [2, 3]
    assert "described differently" in report.errors[1][1]


@pytest.mark.django_db
def test_an_empty_file_is_an_error(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_disclosures", str(empty), "--no-progress", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_a_folder_instead_of_a_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "import_disclosures", str(tmp_path), "--no-progress", stdout=StringIO(), stderr=StringIO()
        )
    assert "Cannot read" in str(error.value)
