"""``disclosure_reminders`` emails organisations about obligations due in 30 days or overdue."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from disclosures.reminders import reminders, send_reminders


@pytest.mark.django_db
def test_organisation_with_a_missing_report_is_reminded(org_a):
    found = dict(reminders(today=datetime.date(2026, 11, 28)))
    missing_org = next(org for org in found if org.credit_code == "52330702MJ9G0H1J24")
    owed = {(item["code"], item["year"], item["overdue"]) for item in found[missing_org]}
    assert ("annual_report", 2023, True) in owed


@pytest.mark.django_db
def test_reminder_mentions_reports_due_within_thirty_days():
    found = dict(reminders(today=datetime.date(2026, 5, 10)))
    assert any(
        not item["overdue"] and item["due"] == datetime.date(2026, 5, 31)
        for items in found.values()
        for item in items
    )


@pytest.mark.django_db
def test_reminders_are_emailed_in_chinese_to_the_contact():
    sent, skipped = send_reminders(today=datetime.date(2026, 11, 28))
    assert sent, "demo data has overdue obligations"
    assert len(mail.outbox) == len(sent)
    message = mail.outbox[0]
    assert message.to == [sent[0][0].contact_email]
    assert "信息公开" in message.subject
    assert "逾期" in message.body or "前公开" in message.body
    assert all(org.contact_email == "" for org in skipped)


@pytest.mark.django_db
def test_dry_run_sends_nothing():
    out = StringIO()
    call_command("disclosure_reminders", "--dry-run", stdout=out, stderr=StringIO())
    assert mail.outbox == []
    assert "Would send" in out.getvalue()


@pytest.mark.django_db
def test_refresh_compliance_command_updates_every_summary():
    from disclosures.models import OrganisationSummary

    OrganisationSummary.objects.update(compliance_status="")
    out = StringIO()
    call_command("refresh_compliance", stdout=out)
    assert not OrganisationSummary.objects.filter(compliance_status="").exists()
