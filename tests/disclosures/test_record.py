"""The disclosure record cannot be quietly rewritten: the platform's clock decides on time or late
unless a reviewer confirmed an earlier declared date; changes to published disclosures are
corrections with a note; a second disclosure of the same obligation is stopped."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from disclosures import compliance, integrity
from disclosures.accounts import create_organisation_account
from disclosures.models import DisclosureIndexPage, DisclosurePage, OrganisationPage
from disclosures.record import DeclaredDateConfirmation, DisclosureCorrection
from disclosures.standing import disclosure_rows, standing
from tests.disclosures.factories import add_disclosure
from tests.factories import edit_form_data, login, make_user, soup

pytestmark = pytest.mark.django_db


# --- the pure rules -------------------------------------------------------------------------------


def test_record_date_is_the_platforms_unless_an_earlier_declared_date_is_confirmed():
    platform, declared = datetime.date(2026, 12, 2), datetime.date(2024, 5, 1)
    assert integrity.record_date(platform, declared, confirmed=False) == platform
    assert integrity.record_date(platform, declared, confirmed=True) == declared
    # A declared date after the platform's cannot be a first publication: the platform's counts.
    assert integrity.record_date(platform, datetime.date(2027, 1, 1), confirmed=True) == platform
    assert integrity.record_date(None, None, confirmed=False) is None


def test_changed_fields_ignores_the_editors_block_keys_and_number_formats():
    old = {"body": "<p>一</p><p>二<br>三</p>", "total_income": Decimal("100"), "attachments": [(1, "报告")]}
    same = {
        "body": '<p data-block-key="a1b2c">一</p>\n<p data-block-key="x9">二<br/>三</p>',
        "total_income": "100.00",
        "attachments": ((1, "报告"),),
    }
    assert integrity.changed_fields(old, same) == []
    changed = dict(same, total_income="101", attachments=[(2, "报告")])
    assert integrity.changed_fields(old, changed) == ["total_income", "attachments"]


def test_a_published_change_needs_a_note_of_its_own():
    assert integrity.needs_correction_note(True, ["body"], "", "")
    assert integrity.needs_correction_note(True, ["body"], "上次的说明", "上次的说明")
    assert not integrity.needs_correction_note(True, ["body"], "上次的说明", "这次改了正文")
    assert not integrity.needs_correction_note(False, ["body"], "", "")
    assert not integrity.needs_correction_note(True, [], "", "")


def test_duplicate_keys():
    assert integrity.duplicate_key("annual_report", 2025) == ("annual_report", 2025)
    assert integrity.duplicate_key("correction", 2025) is None
    assert integrity.duplicate_key("major_event", 2025) is None
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    assert integrity.duplicate_key("project_progress", 2025, start, end) == ("project_progress", start, end)


# --- back-dating ----------------------------------------------------------------------------------


@pytest.fixture
def new_org(db):
    """An organisation recognised in 2023, with no disclosures yet (its 2023 report is missing)."""
    index = DisclosureIndexPage.objects.filter(locale__language_code="zh-hans").first()
    org = OrganisationPage(
        title="婺城区测试记录基金会",
        slug="record-test",
        credit_code=_valid_code(),
        kind="foundation",
        recognised_on=datetime.date(2023, 1, 10),
    )
    index.add_child(instance=org)
    org.save_revision().publish()
    return org


def _valid_code():
    from disclosures import credit_code

    body = "53330702MJ00RECA"
    for digit in "0123456789":
        candidate = body + digit
        for check in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if credit_code.problem(candidate + check) is None:
                return candidate + check
    raise AssertionError("no valid code")


def declared_2023_report(org, **extra):
    """A 2023 annual report published here today, declared as first published on 2024-05-01 on
    慈善中国 and not confirmed."""
    return add_disclosure(
        org,
        "2023年度工作报告",
        published_on=None,
        disclosure_type="annual_report",
        year=2023,
        declared_on=datetime.date(2024, 5, 1),
        declared_where="慈善中国",
        **extra,
    )


def annual_2023_status(org):
    result = standing(org, list(disclosure_rows(org)))
    return next(
        o.status
        for o in result["obligations"]
        if o.code == compliance.ObligationCode.ANNUAL_REPORT and o.year == 2023
    )


def test_a_back_dated_declaration_without_confirmation_leaves_the_year_late(new_org):
    assert annual_2023_status(new_org) == compliance.ComplianceStatus.MISSING
    declared_2023_report(new_org)
    # First published here today, long after the 2023 report was due: late, whatever was typed.
    assert annual_2023_status(new_org) == compliance.ComplianceStatus.LATE


def test_a_confirmed_declared_date_counts(client, new_org):
    page = declared_2023_report(new_org, declared_url="https://cszg.mca.gov.cn/")
    reviewer = login(client, make_user("record-reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    url = reverse("disclosures_confirm_declared_date", args=[page.pk])
    shown = soup(client.get(url)).get_text(" ", strip=True)
    # Side by side: the declared date with where, and the platform's date.
    assert "2024-05-01" in shown and "慈善中国" in shown
    assert timezone.localdate().isoformat() in shown
    response = client.post(url, {"declared_on": "2024-05-01"})
    assert response.status_code == 302
    confirmation = DeclaredDateConfirmation.objects.get(page=page)
    assert confirmation.confirmed_by == reviewer
    assert annual_2023_status(new_org) == compliance.ComplianceStatus.ON_TIME
    # The directory summary was refreshed with it.
    new_org.summary.refresh_from_db()


def test_confirmation_is_for_the_date_confirmed(client, new_org):
    page = declared_2023_report(new_org)
    login(client, make_user("record-reviewer2", roles.CIVIL_AFFAIRS_REVIEWERS))
    url = reverse("disclosures_confirm_declared_date", args=[page.pk])
    # A stale form (the filer changed the date since the page was shown) confirms nothing.
    client.post(url, {"declared_on": "2024-04-01"})
    assert not DeclaredDateConfirmation.objects.filter(page=page).exists()
    client.post(url, {"declared_on": "2024-05-01"})
    assert annual_2023_status(new_org) == compliance.ComplianceStatus.ON_TIME
    # The filer declares another date: it is not confirmed, the platform's date counts again.
    page.declared_on = datetime.date(2024, 3, 1)
    page.save_revision().publish()
    assert annual_2023_status(new_org) == compliance.ComplianceStatus.LATE


def test_the_filer_cannot_confirm_its_own_declared_date(client, new_org):
    page = declared_2023_report(new_org)
    filer, _password = create_organisation_account(new_org, "record-filer")
    login(client, filer)
    url = reverse("disclosures_confirm_declared_date", args=[page.pk])
    # The admin answers a refusal by sending the user to the dashboard with "no permission".
    for response in (client.get(url), client.post(url, {"declared_on": "2024-05-01"})):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not DeclaredDateConfirmation.objects.filter(page=page).exists()
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_a_declared_date_needs_where_it_was_first_published(new_org):
    page = DisclosurePage(
        title="2023年度工作报告",
        slug="x",
        disclosure_type="annual_report",
        year=2023,
        declared_on=datetime.date(2024, 5, 1),
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        new_org.add_child(instance=page)
    assert "declared_where" in error.value.message_dict


def test_the_public_page_shows_both_dates_and_whether_the_declared_one_is_confirmed(client, new_org):
    page = declared_2023_report(new_org)
    text = soup(client.get(page.url)).get_text(" ", strip=True)
    assert timezone.localdate().isoformat() in text
    assert "2024-05-01" in text and "慈善中国" in text
    assert "not yet confirmed" in text or "尚未确认" in text or "未经" in text


def test_reviewer_sees_unconfirmed_declared_dates_listed(client, new_org):
    page = declared_2023_report(new_org)
    login(client, make_user("record-reviewer3", roles.CIVIL_AFFAIRS_REVIEWERS))
    listing = client.get(reverse("disclosures_declared_dates")).content.decode()
    assert page.title in listing
    filer, _password = create_organisation_account(new_org, "record-filer2")
    login(client, filer)
    assert page.title not in client.get(reverse("disclosures_declared_dates")).content.decode()


# --- corrections ----------------------------------------------------------------------------------


@pytest.fixture
def published(new_org):
    return add_disclosure(
        new_org,
        "2024年度工作报告",
        disclosure_type="annual_report",
        year=2024,
        body="<p>全年资助学生1,320人。</p>",
        total_income=Decimal("500000"),
    )


@pytest.fixture
def superuser_client(client):
    login(client, make_user("record-admin", superuser=True))
    return client


def _edit(client, page, **changes):
    data = edit_form_data(client, page, **changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_saving_a_published_disclosure_unchanged_needs_no_note(superuser_client, published):
    response = _edit(superuser_client, published)
    assert response.status_code == 302, soup(response, None).select(".error-message")


def test_an_edit_to_a_published_disclosure_without_a_note_is_refused(superuser_client, published):
    response = _edit(superuser_client, published, total_income="550000.00")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "correction_note" in errors
    published.refresh_from_db()
    assert published.total_income == Decimal("500000")
    assert not published.has_unpublished_changes


def test_a_corrected_disclosure_shows_its_note_publicly_and_in_open_data(superuser_client, published, client):
    note = "收入误写，应为55万元。"
    response = _edit(superuser_client, published, total_income="550000.00", correction_note=note)
    assert response.status_code == 302
    published.refresh_from_db()
    published.get_latest_revision().publish()
    correction = DisclosureCorrection.objects.get(page=published)
    assert correction.note == note and correction.changed == ["total_income"]
    client.logout()
    page_text = soup(client.get(published.url)).get_text(" ", strip=True)
    assert note in page_text
    # The version before the correction stays readable.
    old = client.get(f"{published.url}history/{correction.previous_revision_id}/")
    assert old.status_code == 200 and "500,000" in old.content.decode().replace("500000", "500,000")
    rows = client.get("/open-data/disclosures.json").json()["items"]
    row = next(
        r for r in rows if r["title"] == published.title and r["organisation_name"] == "婺城区测试记录基金会"
    )
    assert note in row["corrections"]


def test_a_change_published_without_the_form_is_still_recorded(published):
    published.body = "<p>全年资助学生1,230人。</p>"
    published.save_revision().publish()
    correction = DisclosureCorrection.objects.get(page=published)
    assert correction.changed == ["body"] and correction.note == ""


def test_reviewer_sees_what_changed_before_approving(superuser_client, published):
    data = edit_form_data(superuser_client, published, total_income="550000.00", correction_note="改收入")
    superuser_client.post(reverse("wagtailadmin_pages:edit", args=[published.pk]), data)
    text = soup(superuser_client.get(reverse("wagtailadmin_pages:edit", args=[published.pk]))).get_text(" ")
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[published.pk, "live", "latest"]).split(
        "live"
    )[0]
    page = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[published.pk])).content.decode()
    assert compare in page
    assert "Changed since the published version" in text or "与已发布版本相比的改动" in text
    assert "total income" in text or "收入合计" in text


# --- duplicates -----------------------------------------------------------------------------------


def test_a_second_report_for_the_same_year_is_stopped_with_the_existing_one_named(
    superuser_client, published, new_org
):
    second = add_disclosure(
        new_org, "2024年度工作报告（再次）", publish=False, disclosure_type="annual_report", year=2024
    )
    response = _edit(superuser_client, second)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["not_a_duplicate"])
    assert published.title in message
    # The filer may say it is a separate disclosure.
    response = _edit(superuser_client, second, not_a_duplicate="on")
    assert response.status_code == 302


def test_the_duplicate_check_on_create(superuser_client, published, new_org):
    url = reverse("wagtailadmin_pages:add", args=["disclosures", "disclosurepage", new_org.pk])
    form = superuser_client.get(url).context["form"]
    data = {}
    for formset in form.formsets.values():
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    data.update(
        {
            "title": "又一份2024年度工作报告",
            "slug": "another-2024",
            "disclosure_type": "annual_report",
            "year": "2024",
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert published.title in " ".join(response.context["form"].errors["not_a_duplicate"])


def test_the_reviewer_sees_duplicates_in_the_record_panel(superuser_client, published, new_org):
    second = add_disclosure(
        new_org, "2024年度工作报告（重复）", publish=False, disclosure_type="annual_report", year=2024
    )
    page = superuser_client.get(reverse("wagtailadmin_pages:edit", args=[second.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[published.pk]) in page


def test_a_correction_filed_in_the_admin_must_say_what_it_corrects(superuser_client, new_org):
    draft = add_disclosure(new_org, "更正说明", publish=False, disclosure_type="correction", year=2024)
    response = _edit(superuser_client, draft)
    assert response.status_code == 200
    assert "related_disclosure" in response.context["form"].errors


def test_the_filer_sees_that_the_bureau_confirmed_but_not_who(client, new_org):
    page = declared_2023_report(new_org)
    reviewer = make_user("record-reviewer4", roles.CIVIL_AFFAIRS_REVIEWERS)
    reviewer.first_name, reviewer.last_name = "审", "核甲"
    reviewer.save()
    DeclaredDateConfirmation.objects.create(page=page, declared_on=page.declared_on, confirmed_by=reviewer)
    filer, _password = create_organisation_account(new_org, "record-filer3")
    login(client, filer)
    text = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))).get_text(" ")
    assert "2024-05-01" in text
    assert "核甲" not in text and "record-reviewer4" not in text
    login(client, reviewer)
    text = soup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))).get_text(" ")
    assert "核甲" in text or "record-reviewer4" in text
