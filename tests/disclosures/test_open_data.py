"""Open data files, the open-data page and the API expose published items only, with stable columns."""

import csv
import io
import json

import pytest

from disclosures.opendata import DISCLOSURE_COLUMNS, ORGANISATION_COLUMNS
from tests.disclosures.factories import add_annual_reports, add_disclosure

ORGANISATION_COLUMN_NAMES = [
    "credit_code", "name", "kind", "registered_on", "recognised_on", "public_fundraising",
    "tax_deductible", "rating", "rating_year", "town", "address", "website", "compliance_status",
    "latest_disclosure_on", "url",
]  # fmt: skip
DISCLOSURE_COLUMN_NAMES = [
    "organisation_credit_code", "organisation_name", "title", "type", "year", "published_on",
    "first_published_here", "declared_on", "declared_where", "declared_confirmed", "period_start", "period_end", "total_income", "donation_income", "government_grants",
    "total_expenditure", "charitable_expenditure", "management_expenses", "fundraising_costs",
    "net_assets", "charitable_spending_ratio", "management_cost_share", "attachments", "corrections", "url",
]  # fmt: skip


def test_column_names_are_stable():
    assert [c.name for c in ORGANISATION_COLUMNS] == ORGANISATION_COLUMN_NAMES
    assert [c.name for c in DISCLOSURE_COLUMNS] == DISCLOSURE_COLUMN_NAMES


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "CSV needs a byte-order mark for spreadsheet programs"
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_organisations_csv_lists_published_organisations(client, org_a):
    rows = read_csv(client, "/open-data/organisations.csv")
    by_code = {row["credit_code"]: row for row in rows}
    assert by_code[org_a.credit_code]["name"] == "婺城区慈善总会"
    assert by_code[org_a.credit_code]["public_fundraising"] == "true"
    assert by_code[org_a.credit_code]["url"].endswith(org_a.url)
    assert list(rows[0]) == ORGANISATION_COLUMN_NAMES


@pytest.mark.django_db
def test_disclosures_include_figures_and_computed_ratios(client, org_b):
    # The charitable spending ratio needs the year before's income too.
    reports = add_annual_reports(org_b, years=[2023, 2024])
    rows = read_csv(client, "/open-data/disclosures.csv")
    row = next(r for r in rows if r["title"] == reports[2024].title)
    assert row["type"] == "annual_report"
    assert float(row["total_income"]) > 0
    assert 0 < float(row["charitable_spending_ratio"]) < 2
    assert 0 < float(row["management_cost_share"]) < 1


@pytest.mark.django_db
def test_drafts_never_appear_in_open_data(client, org_a):
    add_disclosure(org_a, "尚未发布的机密草稿", publish=False)
    for url in ("/open-data/disclosures.csv", "/open-data/disclosures.json"):
        assert "尚未发布的机密草稿" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_unpublished_organisation_and_its_disclosures_disappear(client, org_a):
    org_a.unpublish()
    assert org_a.credit_code not in client.get("/open-data/organisations.json").content.decode()
    assert org_a.credit_code not in client.get("/open-data/disclosures.csv").content.decode()


@pytest.mark.django_db
def test_json_carries_licence_and_the_same_rows(client, org_a):
    add_disclosure(org_a, "开放数据中的公告")
    data = json.loads(client.get("/open-data/disclosures.json").content)
    assert data["licence"] == "CC BY 4.0"
    assert data["columns"] == DISCLOSURE_COLUMN_NAMES
    assert data["count"] == len(data["items"]) == len(read_csv(client, "/open-data/disclosures.csv"))
    assert "开放数据中的公告" in [item["title"] for item in data["items"]]
    sample = data["items"][0]
    assert set(sample) == set(DISCLOSURE_COLUMN_NAMES)


@pytest.mark.django_db
def test_unknown_dataset_or_format_is_404(client):
    assert client.get("/open-data/nominations.csv").status_code == 404
    assert client.get("/open-data/disclosures.xml").status_code == 404


@pytest.mark.django_db
def test_open_data_page_documents_columns_and_licence(client):
    for url in ("/open-data/", "/en/open-data/"):
        text = client.get(url).content.decode()
        assert "CC BY 4.0" in text
        for name in ORGANISATION_COLUMN_NAMES + DISCLOSURE_COLUMN_NAMES:
            assert f"<code>{name}</code>" in text


@pytest.mark.django_db
def test_api_exposes_public_fields_of_published_pages_only(client, org_a):
    add_disclosure(org_a, "API草稿不可见", publish=False)
    published = add_disclosure(
        org_a, "婺城区慈善总会2024年度工作报告", disclosure_type="annual_report", year=2024
    )

    def titles(title):
        query = {"type": "disclosures.DisclosurePage", "fields": "*", "title": title}
        return [item["title"] for item in json.loads(client.get("/api/v2/pages/", query).content)["items"]]

    assert titles("API草稿不可见") == []
    assert titles(published.title) == [published.title]
    orgs = json.loads(
        client.get("/api/v2/pages/", {"type": "disclosures.OrganisationPage", "fields": "*"}).content
    )
    first = orgs["items"][0]
    assert "credit_code" in first and "kind" in first
    assert "contact_email" not in first
