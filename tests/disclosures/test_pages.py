"""Organisation profiles, disclosure pages, the directory and the compliance overview."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures.models import DisclosurePage, OrganisationPage, OrganisationSummary
from tests.disclosures.factories import (
    add_annual_reports,
    add_correction,
    add_disclosure,
    make_reporting_organisation,
)
from tests.factories import make_organisation, soup


@pytest.mark.django_db
def test_wrong_credit_code_is_refused_with_the_reason(org_a):
    org = OrganisationPage(
        title="新组织", slug="new-org", credit_code="53330702MJ73PWQ39E", kind="foundation"
    )
    with pytest.raises(ValidationError) as error:
        org.full_clean(exclude=["path", "depth", "url_path"])
    message = " ".join(error.value.message_dict["credit_code"])
    assert "D" in message


@pytest.mark.django_db
def test_credit_code_is_unique(org_a):
    twin = OrganisationPage(title="重名组织", slug="twin", credit_code=org_a.credit_code, kind="foundation")
    with pytest.raises(ValidationError) as error:
        org_a.get_parent().add_child(instance=twin)
    assert org_a.title in " ".join(error.value.message_dict["credit_code"])


@pytest.mark.django_db
def test_profile_shows_identity_finances_record_and_disclosures(client, org_a):
    add_annual_reports(org_a, years=range(2021, 2026))
    html = soup(client.get(org_a.url))
    text = html.get_text(" ", strip=True)
    assert org_a.credit_code in text
    assert html.find(id="finances").find("svg", attrs={"role": "img"}) is not None
    table = html.find(id="finances").find("table")
    years = [th.get_text(strip=True) for th in table.select("tbody th")]
    assert years == ["2021", "2022", "2023", "2024", "2025"]
    assert html.find(id="compliance").select(".status")
    assert "2025年度工作报告" in html.find(id="disclosures").get_text()


@pytest.mark.django_db
def test_profile_chart_and_table_show_the_same_numbers(client, org_b):
    annual_2024 = add_annual_reports(org_b, years=range(2021, 2026))[2024]
    html = soup(client.get(org_b.url))
    row = [tr for tr in html.select("#finances tbody tr") if tr.th.get_text(strip=True) == "2024"][0]
    assert f"{float(annual_2024.total_income):,.0f}" in row.get_text()
    chart_text = html.find(id="finances").find("svg").get_text()
    assert f"{annual_2024.donation_income / 10000:,.1f}" in chart_text


@pytest.mark.django_db
def test_late_and_missing_reports_show_on_the_profile(client):
    late_org = make_reporting_organisation(late={2022: datetime.date(2023, 6, 20)})  # 2022 report on 20 June
    missing_org = make_reporting_organisation(missing={2023})  # no 2023 report
    late = soup(client.get(late_org.url)).find(id="compliance")
    year_2022 = [d for d in late.select("details") if "2022" in d.summary.get_text()][0]
    assert "status--late" in str(year_2022.summary)
    missing = soup(client.get(missing_org.url)).find(id="compliance")
    year_2023 = [d for d in missing.select("details") if "2023" in d.summary.get_text()][0]
    assert "status--missing" in str(year_2023.summary)
    # The control: the years reported on time are shown as such.
    year_2024 = [d for d in late.select("details") if "2024" in d.summary.get_text()][0]
    assert "status--on_time" in str(year_2024.summary)


def count_queries(client, url):
    client.get(url)  # warm what is kept across requests (site root paths, renditions …)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_profile_queries_do_not_grow_with_the_number_of_disclosures(client, org_a):
    from oversight.models import InspectionOutcome
    from tests.oversight.factories import make_inspection_round

    # A profile with every section drawn, as a real one: a record with figures (chart, table, record)
    # and an inspection result (without one, the oversight section looks up the locale: one query more).
    add_annual_reports(org_a, years=[2023, 2024])
    make_inspection_round([(org_a, InspectionOutcome.COMPLIANT)])
    before = count_queries(client, org_a.url)
    for number in range(30):
        add_disclosure(
            org_a,
            f"追加的公开事项{number}",
            year=2020 + number % 6,
            disclosure_type="annual_report",
            total_income=Decimal(1000 + number),
        )
    after = count_queries(client, org_a.url)
    assert after == before, f"{before} queries before, {after} after adding 30 disclosures"
    assert after <= 26  # 25, and one for the former names (曾用名)


@pytest.mark.django_db
def test_directory_queries_do_not_grow_with_the_number_of_organisations(client, org_a):
    index = org_a.get_parent()
    before = count_queries(client, index.url)
    for number in range(15):
        make_organisation(f"测试组织{number}")
    after = count_queries(client, index.url)
    assert after == before, f"{before} queries before, {after} after adding 15 organisations"


@pytest.mark.django_db
def test_directory_filters_and_sorts(client, org_a, org_b):
    add_annual_reports(org_a, income=6_200_000)
    add_annual_reports(org_b, income=1_150_000)
    make_reporting_organisation(
        "婺城区乐龄社会工作服务中心", kind="social_service_org", town="汤溪镇", income=480_000, missing={2023}
    )
    index = org_a.get_parent()
    names = lambda html: [a.get_text(strip=True) for a in html.select(".directory-table tbody th a")]  # noqa: E731
    foundations = names(soup(client.get(index.url, {"kind": "foundation"})))
    assert "金华市婺城区春晖助学基金会" in foundations and "婺城区慈善总会" not in foundations
    qualified = names(soup(client.get(index.url, {"fundraising": "yes"})))
    assert "婺城区慈善总会" in qualified and "婺城区乐龄社会工作服务中心" not in qualified
    assert names(soup(client.get(index.url, {"town": "汤溪镇"}))) == ["婺城区乐龄社会工作服务中心"]
    missing = names(soup(client.get(index.url, {"status": "missing"})))
    assert "婺城区乐龄社会工作服务中心" in missing and "婺城区慈善总会" not in missing
    by_income = names(soup(client.get(index.url, {"sort": "income"})))
    assert by_income[0] == "婺城区慈善总会"
    assert names(soup(client.get(index.url, {"q": org_a.credit_code}))) == ["婺城区慈善总会"]


@pytest.mark.django_db
def test_directory_ignores_invalid_filter_values(client, org_a):
    response = client.get(org_a.get_parent().url, {"kind": "<script>", "page": "999", "sort": "nope"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</form>", 1)[1]


@pytest.mark.django_db
def test_english_directory_lists_the_organisations(client, org_a):
    html = soup(client.get("/en/disclosures/"))
    assert "婺城区慈善总会" in html.get_text()
    assert html.html["lang"] == "en"


@pytest.mark.django_db
def test_compliance_overview_lists_every_organisation_with_five_years(client, org_a):
    add_annual_reports(org_a)
    missing_org = make_reporting_organisation(missing={2023})
    html = soup(client.get(org_a.get_parent().url + "compliance/"))
    rows = html.select("table.compliance-overview tbody tr")
    assert len(rows) == OrganisationPage.objects.live().filter(locale__language_code="zh-hans").count()
    header = [th.get_text(strip=True) for th in html.select("table.compliance-overview thead th")]
    assert header[1:6] == [str(y) for y in range(datetime.date.today().year - 5, datetime.date.today().year)]
    only_missing = soup(client.get(org_a.get_parent().url + "compliance/", {"status": "missing"}))
    assert all("status--missing" in str(row.find_all("td")[-1]) for row in only_missing.select("tbody tr"))
    listed = only_missing.select_one("table.compliance-overview tbody").get_text()
    assert missing_org.title in listed and org_a.title not in listed


@pytest.mark.django_db
def test_home_page_on_time_figure_is_the_share_of_obligations_met_on_time(client):
    """Counted by hand: three organisations without public fundraising owe three reports a year
    (annual work report, financial report, major projects) for each of the last five years, 15 each.
    One is late with one year's three, one misses two years' six: 36 of 45 on time, 80 %. (The old
    figure, the organisations with every obligation on time, read 1 here, and 0 as soon as each had
    one slip.)"""
    year = datetime.date.today().year
    years = range(year - 5, year)
    make_reporting_organisation("按时公开的组织", years=years)
    make_reporting_organisation(
        "有一年逾期的组织", years=years, late={year - 3: datetime.date(year - 2, 7, 1)}
    )
    make_reporting_organisation("缺了两年的组织", years=years, missing={year - 4, year - 2})
    assert OrganisationPage.objects.live().count() == 3
    figures = soup(client.get("/")).select(".figures li")
    third = figures[2].get_text(" ", strip=True)
    assert third.startswith("80%") and "按时" in third, third
    # Nothing judged yet (a new installation): no figure rather than "0 %".
    OrganisationSummary.objects.update(obligations_judged=0, obligations_on_time=0)
    assert len(soup(client.get("/")).select(".figures li")) == 2


@pytest.mark.django_db
def test_compliance_overview_filter_form_submits_to_the_overview(client, org_a):
    """An empty ``action`` attribute is invalid HTML (the Nu Html Checker reports it)."""
    url = org_a.get_parent().url + "compliance/"
    form = soup(client.get(url)).select_one("form.filters")
    assert form["action"] == url and form["method"] == "get"


@pytest.mark.django_db
def test_disclosure_page_computes_ratios_from_figures(client, org_b):
    add_annual_reports(org_b, years=[2023, 2024])
    annual_2024 = DisclosurePage.objects.child_of(org_b).get(slug="2024-annual-report")
    annual_2023 = DisclosurePage.objects.child_of(org_b).get(slug="2023-annual-report")
    html = soup(client.get(annual_2024.url))
    expected_ratio = annual_2024.charitable_expenditure / annual_2023.total_income * 100
    expected_share = annual_2024.management_expenses / annual_2024.total_expenditure * 100
    text = html.get_text(" ", strip=True)
    assert f"{expected_ratio:.1f}%" in text
    assert f"{expected_share:.1f}%" in text


@pytest.mark.django_db
def test_corrected_disclosure_shows_the_correction_note(client, org_b):
    corrected = add_annual_reports(org_b, years=[2024])[2024]
    add_correction(corrected, "<p>原报告中“受助学生人数”误写为1,320人，应为1,230人，特此更正。</p>")
    html = soup(client.get(corrected.url))
    notice = html.select_one(".notice--correction")
    assert notice is not None
    assert "1,230人" in notice.get_text()


@pytest.mark.django_db
def test_publication_history_stays_visible_after_a_change(client, org_a):
    page = add_disclosure(org_a, "会被修改的公告", body="<p>第一版内容</p>")
    first_revision = page.live_revision_id
    page.body = "<p>第二版内容</p>"
    page.save_revision().publish(skip_permission_checks=True)
    html = soup(client.get(page.url))
    history = html.find(id="history-title").find_parent("section")
    links = history.find_all("a")
    assert len(links) == 1
    old = soup(client.get(links[0]["href"]))
    assert "第一版内容" in old.get_text() and "第二版内容" not in old.get_text()
    assert old.select_one(".notice--history") is not None
    assert links[0]["href"].endswith(f"/history/{first_revision}/")


@pytest.mark.django_db
def test_unpublished_revisions_are_never_shown_as_history(client, org_a):
    page = add_disclosure(org_a, "有草稿的公告", body="<p>已发布</p>")
    page.body = "<p>机密草稿</p>"
    draft = page.save_revision()
    response = client.get(f"{page.url}history/{draft.pk}/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_history_id_beyond_64_bits_is_not_found(client, org_a):
    """The revision id reached the database unbounded: SQLite raised OverflowError (a 500)."""
    page = add_disclosure(org_a, "有历史的公告", body="<p>已发布</p>")
    for revision_id in ("9223372036854775808", "99999999999999999999999"):
        assert client.get(f"{page.url}history/{revision_id}/").status_code == 404


@pytest.mark.django_db
def test_a_correction_may_be_stored_unlinked_for_staff_to_link(org_a):
    """Imports bring corrections that do not say what they correct: stored, and listed for staff
    (the admin form still requires the link: tests/disclosures/test_record.py)."""
    page = DisclosurePage(title="更正", slug="c", disclosure_type="correction", year=2025)
    org_a.add_child(instance=page)
    assert page.pk and page.related_disclosure_id is None


@pytest.mark.django_db
def test_progress_report_is_linked_to_its_plan_by_name(org_a):
    plan = add_disclosure(org_a, "“暖冬行动”公开募捐方案", disclosure_type="fundraising_plan")
    progress = add_disclosure(org_a, "“暖冬行动”第一季度进展", disclosure_type="fundraising_progress")
    assert progress.related_disclosure_id == plan.pk


@pytest.mark.django_db
def test_home_page_shows_key_figures_and_latest_published_disclosures(client, org_a):
    add_disclosure(org_a, "首页可见的新公告")
    add_disclosure(org_a, "首页不可见的草稿", publish=False)
    html = soup(client.get("/"))
    numbers = [n.get_text(strip=True) for n in html.select(".figures__number")]
    assert numbers[0] == str(OrganisationPage.objects.live().filter(locale__language_code="zh-hans").count())
    published = DisclosurePage.objects.live().public().filter(locale__language_code="zh-hans")
    assert numbers[1] == str(published.count())
    latest = html.find(id="latest-title").find_parent("section").get_text()
    assert "首页可见的新公告" in latest and "婺城区慈善总会" in latest
    assert "首页不可见的草稿" not in html.get_text()
    # The count follows unpublishing (it is the organisations' summaries added up).
    published.get(title="首页可见的新公告").unpublish()
    numbers = [n.get_text(strip=True) for n in soup(client.get("/")).select(".figures__number")]
    assert numbers[1] == str(published.count())
