"""Report handling in the admin: who may reach it, what staff can do, and the audit trail."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts import roles
from disclosures.accounts import create_organisation_account
from oversight.handling import ReportStatus
from oversight.models import Report, ReportEvidence, ReportNote, SeriousViolationEntry
from tests.factories import PDF_BYTES, login, make_user, soup
from tests.oversight.factories import make_report

pytestmark = pytest.mark.django_db

ROLES = {
    "superuser": True,
    roles.CIVIL_AFFAIRS_REVIEWERS: True,
    roles.SITE_ADMINS: False,
    roles.PROPAGANDA_EDITORS: False,
    roles.PROPAGANDA_APPROVERS: False,
    roles.AWARD_COMMITTEE_CHAIR: False,
    roles.AWARD_COMMITTEE_MEMBERS: False,
    "organisation account": False,
}


def user_for(role, organisation):
    if role == "superuser":
        return make_user("root", superuser=True)
    if role == "organisation account":
        user, _ = create_organisation_account(organisation, "org-user")
        return user
    return make_user("staff", role)


@pytest.fixture
def report(org_b):
    from django.core.files.base import ContentFile

    report = Report.objects.create(
        reference="JB-20260301-TEST22",
        secret_hash="x" * 64,
        organisation=org_b,
        description="管理后台测试举报",
        reporter_name="测试人",
    )
    evidence = ReportEvidence(report=report, original_name="proof.pdf")
    evidence.file.save("proof.pdf", ContentFile(PDF_BYTES), save=True)
    return report


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_only_civil_affairs_staff_and_superusers_reach_reports_and_the_list(
    client, role, allowed, report, org_b
):
    """Menu, listing, detail, edit, history and evidence download, for every role; the organisation's
    own account is refused too, although the report is about it."""
    login(client, user_for(role, org_b))
    evidence = report.evidence.get()
    urls = [
        reverse("oversight_reports:index"),
        reverse("oversight_reports:inspect", args=[report.pk]),
        reverse("oversight_reports:edit", args=[report.pk]),
        reverse("oversight_reports:history", args=[report.pk]),
        reverse("oversight_reports:evidence", args=[report.pk, evidence.pk]),
        reverse("oversight_serious_violations:index"),
        reverse("oversight_serious_violations:add"),
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert response.status_code == 403 or response["Location"] in ("/admin/", "/admin/login/"), url
            assert b"%PDF" not in (
                response.content if not response.streaming else b"".join(response.streaming_content)
            )
    menu = client.get("/admin/").content.decode()
    assert (reverse("oversight_reports:index") in menu) == allowed
    assert (reverse("oversight_serious_violations:index") in menu) == allowed


def test_nobody_adds_reports_in_the_admin(client, org_b):
    login(client, make_user("root", superuser=True))
    assert client.get(reverse("oversight_reports:add")).status_code in (302, 403)


def test_evidence_is_downloaded_as_an_attachment_and_the_download_is_logged(client, report):
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    evidence = report.evidence.get()
    response = client.get(reverse("oversight_reports:evidence", args=[report.pk, evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action="oversight.report.download").exists()


def test_evidence_of_another_report_is_not_found(client, report):
    other = Report.objects.create(reference="JB-20260301-OTHER2", secret_hash="y" * 64, description="另一份")
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    evidence = report.evidence.get()
    assert client.get(reverse("oversight_reports:evidence", args=[other.pk, evidence.pk])).status_code == 404


def edit(client, report, **data):
    form = {"status": report.status, "status_reason": "", "assigned_to": "", "public_reply": "", "note": ""}
    form.update(data)
    return client.post(reverse("oversight_reports:edit", args=[report.pk]), form)


def actions(report):
    return list(
        ModelLogEntry.objects.filter(object_id=str(report.pk), action__startswith="oversight.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_status_assignment_note_and_reply_are_each_audit_logged(client, report):
    staff = make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS)
    login(client, staff)
    response = edit(
        client, report, status="accepted", assigned_to=staff.pk, public_reply="已受理。", note="先电话核实"
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted"
    assert report.decided_on == timezone.localdate()
    assert report.due_on == timezone.localdate() + datetime.timedelta(days=60)
    assert report.assigned_to == staff
    assert ReportNote.objects.get(report=report).author == staff
    assert actions(report) == [
        "oversight.report.status",
        "oversight.report.assign",
        "oversight.report.reply",
        "oversight.report.note",
    ]
    status_entry = ModelLogEntry.objects.get(object_id=str(report.pk), action="oversight.report.status")
    assert status_entry.data == {"from": "received", "to": "accepted"} and status_entry.user == staff
    # The note's text stays in the note, not in the log.
    assert "先电话核实" not in str(
        ModelLogEntry.objects.filter(object_id=str(report.pk)).values_list("data", flat=True)
    )


def test_a_report_cannot_skip_or_reverse_steps(client, report):
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = edit(client, report, status="concluded")
    assert response.status_code == 200 and "status" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == "received"
    assert actions(report) == []


def test_not_accepting_a_report_needs_a_reason_and_closes_it(client, report):
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = edit(client, report, status="not_accepted")
    assert "status_reason" in response.context["form"].errors
    assert edit(client, report, status="not_accepted", status_reason="不属于本部门职责").status_code == 302
    report.refresh_from_db()
    assert report.closed_on == timezone.localdate() and report.due_on is None


def test_reports_can_be_assigned_only_to_civil_affairs_staff(client, report):
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    editor = make_user("ed", roles.PROPAGANDA_EDITORS)
    response = edit(client, report, assigned_to=editor.pk)
    assert "assigned_to" in response.context["form"].errors


def test_the_overdue_filter_lists_open_reports_past_their_deadline(client, report):
    old = Report.objects.create(
        reference="JB-20260101-LATE22",
        secret_hash="z" * 64,
        description="超期举报",
        received_at=timezone.now() - datetime.timedelta(days=20),
    )
    Report.objects.create(
        reference="JB-20260101-DONE22",
        secret_hash="w" * 64,
        description="已办结",
        received_at=timezone.now() - datetime.timedelta(days=200),
        status="concluded",
        closed_on=timezone.localdate(),
    )
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    content = client.get(reverse("oversight_reports:index"), {"overdue": "true"}).content.decode()
    assert old.reference in content
    assert report.reference not in content and "JB-20260101-DONE22" not in content
    assert old.is_overdue and not report.is_overdue


def test_the_serious_violation_list_is_managed_in_the_admin_and_logged(client, org_b, english):
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = client.post(
        reverse("oversight_serious_violations:add"),
        {
            "organisation": org_b.pk,
            "listed_on": "2026-08-01",
            "removed_on": "",
            "reason": "测试原因",
            "authority": "婺城区民政局",
            "document_number": "测试1号",
        },
    )
    assert response.status_code == 302
    entry = SeriousViolationEntry.objects.get(reason="测试原因")
    assert ModelLogEntry.objects.filter(object_id=str(entry.pk), action="wagtail.create").exists()
    response = client.post(
        reverse("oversight_serious_violations:edit", args=[entry.pk]),
        {
            "organisation": org_b.pk,
            "listed_on": "2026-08-01",
            "removed_on": "2026-07-01",
            "reason": "测试原因",
            "authority": "婺城区民政局",
            "document_number": "测试1号",
        },
    )
    assert response.status_code == 200 and "removed_on" in response.context["form"].errors


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_the_audit_log_of_reports_is_seen_only_by_those_who_handle_them(client, role, allowed, report, org_b):
    staff = make_user("handler", roles.CIVIL_AFFAIRS_REVIEWERS)
    login(client, staff)
    edit(client, report, status="accepted")
    viewer = Client()  # a session of its own (the handler's "report updated" message stays with theirs)
    login(viewer, user_for(role, org_b))
    response = viewer.get("/admin/reports/site-history/")
    if response.status_code == 200:
        assert (report.reference in response.content.decode()) == allowed
    else:
        assert not allowed


def test_the_edit_page_shows_the_report_its_evidence_notes_and_only_allowed_moves(client, report):
    staff = make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS)
    ReportNote.objects.create(report=report, author=staff, text="第一条备注")
    login(client, staff)
    response = client.get(reverse("oversight_reports:edit", args=[report.pk]))
    content = response.content.decode()
    evidence = report.evidence.get()
    assert reverse("oversight_reports:evidence", args=[report.pk, evidence.pk]) in content
    assert "管理后台测试举报" in content and "第一条备注" in content and "测试人" in content
    choices = [code for code, _label in response.context["form"].fields["status"].choices]
    assert choices == ["received", "accepted", "not_accepted"]


def leading_number(element):
    """The count a sentence of the dashboard panel starts with, in any language ("3 open reports")."""
    return int(re.match(r"\d+", element.get_text(strip=True)).group())


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_the_dashboard_counts_open_and_overdue_reports_only_for_those_who_handle_them(
    client, role, allowed, org_b
):
    make_report(org_b, received_days_ago=40)  # no decision after 15 days: overdue
    make_report(org_b, received_days_ago=3)
    make_report(org_b, ReportStatus.INVESTIGATING, received_days_ago=30)  # conclusion due in 60 days
    make_report(status=ReportStatus.CONCLUDED, received_days_ago=120)
    make_report(status=ReportStatus.NOT_ACCEPTED, received_days_ago=90)
    login(client, user_for(role, org_b))
    page = soup(client.get("/admin/"))
    panel = page.select_one('[aria-labelledby="oversight-open-reports-title"]')
    assert (panel is not None) == allowed
    if allowed:
        assert leading_number(panel.select_one("p")) == 3  # the open reports
        assert leading_number(panel.select_one('a[href$="?overdue=true"]')) == 1


def test_the_dashboard_says_nothing_is_overdue_when_nothing_is(client, org_b):
    make_report(org_b, received_days_ago=3)
    make_report(status=ReportStatus.NOT_ACCEPTED, received_days_ago=90)
    login(client, make_user("staff", roles.CIVIL_AFFAIRS_REVIEWERS))
    panel = soup(client.get("/admin/")).select_one('[aria-labelledby="oversight-open-reports-title"]')
    assert leading_number(panel.select_one("p")) == 1
    assert "?overdue=true" not in str(panel)
