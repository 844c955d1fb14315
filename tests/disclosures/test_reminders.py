"""``disclosure_reminders`` emails organisations about obligations due in 30 days or overdue."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from disclosures.reminders import reminders, send_reminders
from tests.disclosures.factories import add_annual_reports, make_reporting_organisation


@pytest.mark.django_db
def test_organisation_with_a_missing_report_is_reminded(org_a):
    add_annual_reports(org_a)
    missing_org = make_reporting_organisation(missing={2023})
    found = dict(reminders(today=datetime.date(2026, 11, 28)))
    missing_org = next(org for org in found if org.credit_code == missing_org.credit_code)
    owed = {(item["code"], item["year"], item["overdue"]) for item in found[missing_org]}
    assert ("annual_report", 2023, True) in owed
    # The control: an organisation whose record is complete is not reminded.
    assert org_a.credit_code not in {org.credit_code for org in found}


@pytest.mark.django_db
def test_reminder_mentions_reports_due_within_thirty_days():
    # Reported up to 2024: the 2025 reports are due on 31 May 2026.
    org = make_reporting_organisation(years=range(2021, 2025))
    found = {org.pk: items for org, items in reminders(today=datetime.date(2026, 5, 10))}
    assert any(not item["overdue"] and item["due"] == datetime.date(2026, 5, 31) for item in found[org.pk])
    assert not any(item["overdue"] for item in found[org.pk])


@pytest.mark.django_db
def test_reminders_are_emailed_in_chinese_to_the_contact():
    with_email = make_reporting_organisation(missing={2023}, contact_email="leling@example.com")
    without_email = make_reporting_organisation(missing={2025}, contact_email="")
    sent, skipped = send_reminders(today=datetime.date(2026, 11, 28))
    assert [org.pk for org, _items in sent] == [with_email.pk]
    assert [org.pk for org in skipped] == [without_email.pk]
    assert len(mail.outbox) == len(sent)
    message = mail.outbox[0]
    assert message.to == [sent[0][0].contact_email]
    assert "信息公开" in message.subject
    assert "逾期" in message.body or "前公开" in message.body
    assert all(org.contact_email == "" for org in skipped)


@pytest.mark.django_db
def test_dry_run_sends_nothing():
    org = make_reporting_organisation(missing={2023}, contact_email="dry-run@example.com")
    out = StringIO()
    call_command("disclosure_reminders", "--dry-run", stdout=out, stderr=StringIO())
    assert mail.outbox == []
    assert "Would send 1 reminder(s)" in out.getvalue()
    assert f"{org.title} <dry-run@example.com>" in out.getvalue()


@pytest.mark.django_db
def test_refresh_compliance_command_updates_every_summary(org_a):
    from disclosures.models import OrganisationSummary

    make_reporting_organisation()
    assert OrganisationSummary.objects.count() >= 2
    OrganisationSummary.objects.update(compliance_status="")
    out = StringIO()
    call_command("refresh_compliance", stdout=out)
    assert not OrganisationSummary.objects.filter(compliance_status="").exists()
