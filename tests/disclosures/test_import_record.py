"""The import keeps the public record honest (issue 12): declared dates confirmed by the bureau's own
import, corrections linked by ``corrects`` (or left for staff), organisation names never changed by a
typo, duplicates refused, changed content published as a correction that says where it came from.

Files: the shared sample (see test_importing.py), ``corrections.jsonl`` beside this module, and small
files written to tmp_path.
"""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from disclosures import compliance, standing
from disclosures.importing import Importer, import_file
from disclosures.models import DisclosurePage
from disclosures.record import DeclaredDateConfirmation, DisclosureCorrection
from tests.factories import login, make_user, soup

from .test_importing import (
    FOUNDATION,
    NEIGHBOURS,
    SAMPLE_FILE,
    SAMPLE_LINES,
    counts,
    disclosure,
    organisation,
    run_command,
    sample_line,
    snapshot,
    write_batch,
)

pytestmark = pytest.mark.django_db

CORRECTIONS_FILE = Path(__file__).with_name("corrections.jsonl")
CORRECTIONS_ORG = "53330702MJ9C0R0103"  # 婺城区更正示例基金会, only in corrections.jsonl
ANNUAL_2024 = "婺城区更正示例基金会2024年度工作报告"
LINKED = "关于2024年度工作报告资助人数的更正说明"  # line 2: corrects line 1
WITHOUT_CORRECTS = "关于项目名称的更正说明"  # line 3
MISSING_TARGET = "关于2023年度审计报告的更正说明"  # line 4: names a title that is not there
FORWARD = "关于“春苗助学”项目预算的更正说明"  # line 5: corrects line 7
PROJECT = "“春苗助学”慈善项目"  # line 7 (line 6 is blank)
# line 8: a major event with ``corrects`` — refused


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def non_blank_lines(path):
    return sum(1 for line in Path(path).read_bytes().splitlines() if line.strip())


def assert_every_line_accounted_for(report, path):
    assert report.accounted_for
    assert report.created + report.updated + report.unchanged + len(report.errors) == non_blank_lines(path)


def corrections(title):
    return DisclosurePage.objects.child_of(organisation(CORRECTIONS_ORG)).get(title=title)


# --- the shared sample -----------------------------------------------------------------------------


def test_the_shared_sample_imports_with_every_line_accounted_for():
    report = import_file(SAMPLE_FILE)

    assert_every_line_accounted_for(report, SAMPLE_FILE)
    assert (report.created, report.errors, report.warnings) == (6, [], [])


def test_the_import_confirms_the_declared_dates_it_brings_once():
    report = import_file(SAMPLE_FILE)

    assert report.dates_confirmed == 6
    for line in SAMPLE_LINES:
        page = disclosure(line["organization"]["credit_code"], line["title"])
        [confirmation] = page.declared_date_confirmations.all()
        assert confirmation.declared_on == datetime.date.fromisoformat(line["published_on"])
        assert confirmation.basis == "import of disclosures-sample.jsonl"
        assert confirmation.confirmed_by is None
        assert page.declared_date_confirmed and page.disclosed_on == confirmation.declared_on
    before, state, confirmations = counts(), snapshot(), DeclaredDateConfirmation.objects.count()

    again = import_file(SAMPLE_FILE)

    assert (again.unchanged, again.dates_confirmed, again.warnings) == (6, 0, [])
    assert DeclaredDateConfirmation.objects.count() == confirmations
    assert counts() == before and snapshot() == state


def test_the_source_option_says_where_the_dates_were_first_published():
    run_command(SAMPLE_FILE, "--no-progress", "--source", "慈善中国")

    page = disclosure(FOUNDATION, SAMPLE_LINES[0]["title"])
    assert page.declared_where == "慈善中国"
    assert page.declared_date_confirmations.get().declared_where == "慈善中国"


def test_a_declared_date_already_stored_keeps_where_it_was_first_published(tmp_path):
    import_file(SAMPLE_FILE, source="慈善中国")
    before = snapshot()

    report = import_file(write_batch(tmp_path, SAMPLE_LINES), source="另一个来源")

    assert report.unchanged == 6
    assert snapshot() == before


# --- which date counts ---------------------------------------------------------------------------------


def annual_report_status(org, year):
    record = standing.standing(org, list(standing.disclosure_rows(org)))
    return next(
        o.status
        for o in record["obligations"]
        if o.code == compliance.ObligationCode.ANNUAL_REPORT and o.year == year
    )


def test_a_back_dated_imported_line_counts_because_the_import_confirmed_it(tmp_path):
    report = import_file(
        write_batch(tmp_path, [json.loads(CORRECTIONS_FILE.read_text("utf-8").splitlines()[0])])
    )

    assert report.created == 1 and report.dates_confirmed == 1
    org = organisation(CORRECTIONS_ORG)
    page = disclosure(CORRECTIONS_ORG, ANNUAL_2024)
    assert page.platform_published_on == timezone.localdate()  # published here after 31 May 2025
    assert (
        annual_report_status(org, 2024) == compliance.ComplianceStatus.ON_TIME
    )  # declared 2025-05-20, confirmed
    # The control: without the import's confirmation the platform's own date counts.
    page.declared_date_confirmations.all().delete()
    assert annual_report_status(org, 2024) == compliance.ComplianceStatus.LATE


def test_a_declared_date_not_earlier_than_the_first_publication_here_is_not_stored(tmp_path):
    today = timezone.localdate().isoformat()
    line = json.loads(CORRECTIONS_FILE.read_text("utf-8").splitlines()[0]) | {"published_on": today}

    report = import_file(write_batch(tmp_path, [line]))

    assert (report.created, report.dates_confirmed) == (1, 0)
    page = disclosure(CORRECTIONS_ORG, ANNUAL_2024)
    assert (page.declared_on, page.declared_where) == (None, "")
    assert not page.declared_date_confirmations.exists()


def test_a_declared_date_in_the_future_is_refused(tmp_path):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    line = json.loads(CORRECTIONS_FILE.read_text("utf-8").splitlines()[0]) | {"published_on": tomorrow}

    report = import_file(write_batch(tmp_path, [line]))

    assert report.errors == [(1, f"published_on {tomorrow} is in the future")]


# --- corrections -----------------------------------------------------------------------------------------


def test_a_file_of_corrections_imports_with_every_line_accounted_for_and_the_right_ones_linked():
    report = import_file(CORRECTIONS_FILE)

    assert_every_line_accounted_for(report, CORRECTIONS_FILE)
    assert (report.created, report.updated, report.unchanged, report.blank_lines) == (6, 0, 0, 1)
    [(number, reason)] = report.errors
    assert number == 8 and "“corrects” is only allowed on lines of type “correction”" in reason
    assert (report.corrections_linked, report.corrections_unlinked) == (2, 2)
    assert corrections(LINKED).related_disclosure == corrections(ANNUAL_2024)
    assert corrections(FORWARD).related_disclosure == corrections(PROJECT)  # its target came later
    assert corrections(WITHOUT_CORRECTS).related_disclosure is None
    assert corrections(MISSING_TARGET).related_disclosure is None
    assert corrections(WITHOUT_CORRECTS).corrects_title == ""
    assert corrections(MISSING_TARGET).corrects_title == "婺城区更正示例基金会2023年度审计报告"
    warnings = dict(report.warnings)
    assert sorted(warnings) == [3, 4]
    for number in (3, 4):
        assert "imported, not linked" in warnings[number]
        assert "Reports → Unlinked corrections" in warnings[number]
    assert "no “corrects”" in warnings[3]
    assert "婺城区更正示例基金会2023年度审计报告" in warnings[4]


def test_a_correction_linked_at_the_end_of_the_file_is_published_with_its_link():
    import_file(CORRECTIONS_FILE)

    page = corrections(FORWARD)
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision.as_object().related_disclosure_id == corrections(PROJECT).pk


def test_importing_the_corrections_again_changes_nothing_and_still_reports_the_unlinked_ones():
    import_file(CORRECTIONS_FILE)
    before = counts()

    report = import_file(CORRECTIONS_FILE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert (report.corrections_linked, report.corrections_unlinked) == (2, 2)
    assert [number for number, _message in report.warnings] == [3, 4]
    assert counts() == before


def test_a_link_made_by_staff_is_kept_when_the_file_is_imported_again():
    import_file(CORRECTIONS_FILE)
    page = corrections(WITHOUT_CORRECTS)
    page.related_disclosure = corrections(ANNUAL_2024)
    page.save_revision().publish()

    report = import_file(CORRECTIONS_FILE)

    assert corrections(WITHOUT_CORRECTS).related_disclosure == corrections(ANNUAL_2024)
    assert (report.corrections_linked, report.corrections_unlinked) == (3, 1)
    assert [number for number, _message in report.warnings] == [4]


def test_a_dry_run_of_the_corrections_reports_the_links_it_would_make_and_stores_nothing():
    before = counts()

    report = Importer(dry_run=True).run(CORRECTIONS_FILE)

    assert_every_line_accounted_for(report, CORRECTIONS_FILE)
    assert (report.corrections_linked, report.corrections_unlinked) == (2, 2)
    assert counts() == before


def test_the_unlinked_corrections_report_lists_the_imported_ones_staff_must_link(client):
    import_file(CORRECTIONS_FILE)
    login(client, make_user("record-admin", superuser=True))

    html = soup(client.get(reverse("disclosures_unlinked_corrections"))).get_text()

    assert WITHOUT_CORRECTS in html and MISSING_TARGET in html
    assert "婺城区更正示例基金会2023年度审计报告" in html  # the title the file named
    assert LINKED not in html and FORWARD not in html


def test_the_command_prints_warnings_with_their_line_and_the_correction_counts():
    out, err = run_command(CORRECTIONS_FILE, "--no-progress")

    lines = err.splitlines()
    assert lines[0].startswith("line 3: warning: imported, not linked")
    assert lines[1].startswith("line 4: warning: imported, not linked")
    assert lines[2].startswith("line 8: “corrects” is only allowed")
    assert "Imported: 6 new, 0 updated, 0 unchanged disclosures; 1 new" in out
    assert "1 bad line(s) skipped of 8." in out
    assert "Corrections: 2 linked, 2 not linked" in out
    assert "Warnings: 2." in out


# --- organisation names ------------------------------------------------------------------------------------


def renamed_lines(name):
    lines = [sample_line(i) for i in range(3)]
    for line in lines:
        line["organization"]["name"] = name
    return lines


def test_a_differing_organisation_name_is_reported_on_its_line_and_never_renames(tmp_path):
    import_file(SAMPLE_FILE)
    revisions = organisation(FOUNDATION).revisions.count()

    report = import_file(write_batch(tmp_path, renamed_lines("婺城区示列慈善基金会")))  # a typo

    assert_every_line_accounted_for(report, tmp_path / "disclosures.jsonl")
    assert (report.unchanged, report.organisations_renamed, report.organisations_updated) == (3, 0, 0)
    assert [number for number, _message in report.warnings] == [1, 2, 3]
    number, message = report.warnings[0]
    assert "婺城区示列慈善基金会" in message and "婺城区示例慈善基金会" in message
    assert "--rename-organisations" in message
    org = organisation(FOUNDATION)
    assert org.title == "婺城区示例慈善基金会"
    assert not org.former_names.exists()
    assert org.revisions.count() == revisions


def test_with_rename_organisations_the_new_name_is_published_and_the_old_one_kept(tmp_path, client):
    import_file(SAMPLE_FILE)

    report = import_file(
        write_batch(tmp_path, renamed_lines("婺城区示例公益基金会")), rename_organisations=True
    )

    assert (report.organisations_renamed, report.unchanged) == (1, 3)
    org = organisation(FOUNDATION)
    assert org.title == "婺城区示例公益基金会"
    assert org.live and not org.has_unpublished_changes
    [former] = org.former_names.all()
    assert (former.name, former.until) == ("婺城区示例慈善基金会", timezone.localdate())
    assert [f.name for f in org.live_revision.as_object().former_names.all()] == ["婺城区示例慈善基金会"]
    profile = soup(client.get(org.url))
    assert profile.h1.get_text() == "婺城区示例公益基金会"
    assert "婺城区示例慈善基金会" in profile.select_one(".profile__former-names").get_text()


@pytest.mark.parametrize("rename", [False, True], ids=["without the flag", "with --rename-organisations"])
def test_two_names_for_one_organisation_in_one_file_are_an_error(tmp_path, rename):
    import_file(SAMPLE_FILE)
    lines = renamed_lines("婺城区示例公益基金会")
    lines[1]["organization"]["name"] = "婺城区示例爱心基金会"

    report = import_file(write_batch(tmp_path, lines), rename_organisations=rename)

    [(number, reason)] = report.errors
    assert number == 2 and "described differently" in reason and "婺城区示例爱心基金会" in reason
    assert report.imported == 2
    expected = "婺城区示例公益基金会" if rename else "婺城区示例慈善基金会"
    assert organisation(FOUNDATION).title == expected


# --- duplicates ---------------------------------------------------------------------------------------------


def test_a_second_disclosure_of_the_same_obligation_is_refused_naming_the_existing_one(tmp_path):
    import_file(SAMPLE_FILE)
    second = sample_line(0, title="婺城区示例慈善基金会2024年度工作报告（修订版）")
    before = counts()

    report = import_file(write_batch(tmp_path, [second]))

    [(number, reason)] = report.errors
    assert number == 1
    assert "婺城区示例慈善基金会2024年度工作报告" in reason
    assert "“correction”" in reason and "“corrects”" in reason
    assert counts() == before


def test_the_same_change_sent_as_a_correction_is_imported_and_linked(tmp_path):
    import_file(SAMPLE_FILE)
    correction = sample_line(
        0,
        type="correction",
        title="关于2024年度工作报告的更正说明",
        year=2025,
        figures={},
        corrects="婺城区示例慈善基金会2024年度工作报告",
    )

    report = import_file(write_batch(tmp_path, [correction]))

    assert report.errors == [] and report.corrections_linked == 1
    assert disclosure(FOUNDATION, "关于2024年度工作报告的更正说明").related_disclosure == disclosure(
        FOUNDATION, "婺城区示例慈善基金会2024年度工作报告"
    )


def test_a_duplicate_within_one_file_is_refused_on_its_line_even_in_a_dry_run(tmp_path):
    lines = [sample_line(0), sample_line(0, title="另一份2024年度工作报告")]
    path = write_batch(tmp_path, lines)

    for report in (Importer(dry_run=True).run(path), import_file(path)):
        assert report.created == 1
        [(number, reason)] = report.errors
        assert number == 2 and "婺城区示例慈善基金会2024年度工作报告" in reason


# --- changes to published disclosures --------------------------------------------------------------------------


def test_a_changed_reimport_records_a_correction_that_says_where_it_came_from(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    lines[0]["figures"]["total_income"] = 3870000

    report = import_file(write_batch(tmp_path, lines, name="更正批次.jsonl"))

    assert report.updated == 1
    page = disclosure(FOUNDATION, SAMPLE_LINES[0]["title"])
    [correction] = DisclosureCorrection.objects.filter(page=page)
    assert correction.note == page.correction_note == "按导入文件 更正批次.jsonl 第 1 行更新"
    assert correction.changed == ["total_income"]
    assert correction.revision == page.live_revision


def test_a_changed_declared_date_alone_is_not_a_correction(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    lines[2]["published_on"] = "2025-03-02"

    report = import_file(write_batch(tmp_path, lines))

    assert (report.updated, report.dates_confirmed) == (1, 1)
    page = disclosure(FOUNDATION, SAMPLE_LINES[2]["title"])
    assert page.correction_note == ""
    assert not DisclosureCorrection.objects.filter(page=page).exists()
    assert page.disclosed_on == datetime.date(2025, 3, 2)


def test_the_same_line_changing_a_disclosure_twice_gets_a_note_of_its_own_each_time(tmp_path):
    import_file(SAMPLE_FILE)
    lines = [sample_line(i) for i in range(6)]
    for income in (3870000, 3880000):
        lines[0]["figures"]["total_income"] = income
        import_file(write_batch(tmp_path, lines))

    page = disclosure(FOUNDATION, SAMPLE_LINES[0]["title"])
    notes = [c.note for c in DisclosureCorrection.objects.filter(page=page)]
    assert len(notes) == 2 and all(
        note.startswith("按导入文件 disclosures.jsonl 第 1 行更新") for note in notes
    )
    assert notes[0] != notes[1]


def test_the_other_organisation_is_untouched_by_a_rename(tmp_path):
    import_file(SAMPLE_FILE)

    import_file(write_batch(tmp_path, renamed_lines("婺城区示例公益基金会")), rename_organisations=True)

    assert organisation(NEIGHBOURS).title == "西关街道邻里互助会"
    assert not organisation(NEIGHBOURS).former_names.exists()
