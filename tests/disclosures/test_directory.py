"""The directory table: its sort parameters, header links and aria-sort, filters kept while sorting."""

from urllib.parse import parse_qs, urlsplit

import pytest

from disclosures.presenters import COLUMNS, DEFAULT_SORT, directory_sort
from tests.disclosures.factories import add_annual_reports
from tests.factories import make_organisation, soup


def names(html):
    return [a.get_text(strip=True) for a in html.select(".directory-table tbody th a")]


def header(html, key):
    return html.select_one(f".directory-table thead th.directory-table__{key}")


@pytest.fixture
def three(db):
    """Three organisations that each column orders differently."""
    big = make_organisation(
        "重阳敬老协会", kind="social_service_org", town="长山乡", public_fundraising=True, rating="3A"
    )
    small = make_organisation("爱心帮扶协会", kind="foundation", town="西关街道", rating="5A")
    none = make_organisation("蓝天救援队", kind="social_group", town="")
    add_annual_reports(big, years=[2023, 2024], income=9_000_000)
    add_annual_reports(small, years=[2023], income=50_000)
    return big, small, none


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ("name", "asc")),
        ({"sort": "income"}, ("income", "desc")),  # a column's first direction
        ({"sort": "income", "dir": "asc"}, ("income", "asc")),
        ({"sort": "nope", "dir": "desc"}, ("name", "desc")),
        ({"sort": "<script>", "dir": "sideways"}, ("name", "asc")),
        ({"sort": "", "dir": ""}, ("name", "asc")),
        ({"sort": "title", "dir": "asc"}, ("name", "asc")),  # a field name is not a column
    ],
)
def test_sort_parameters_fall_back_to_the_default(params, expected):
    column, direction = directory_sort(params)
    assert (column.key, direction) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?sort=nope",
        "?sort=name&dir=up",
        "?sort=%00&dir=%00",
        "?sort=income&sort=latest&dir=asc&dir=desc",
        "?sort=" + "x" * 5000,
        "?sort=record&dir=desc&page=999",
        "?sort=-title",
        "?sort=summary__latest_total_income",
    ],
)
def test_bad_sort_values_give_a_page_never_an_error(client, three, query):
    index = three[0].get_parent()
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert len(names(soup(response))) == 3


@pytest.mark.django_db
def test_an_unknown_sort_gives_the_name_order_and_keeps_the_filters(client, three):
    index = three[0].get_parent()
    html = soup(client.get(index.url, {"sort": "nope", "kind": "foundation"}))
    assert names(html) == ["爱心帮扶协会"]
    assert header(html, "name")["aria-sort"] == "ascending"


@pytest.mark.django_db
def test_each_column_sorts_both_ways(client, three):
    """Per column: (first click's order, the reverse order). Blanks stay last both ways, and ties
    stay in name order both ways."""
    index = three[0].get_parent()
    big, small, none = "重阳敬老协会", "爱心帮扶协会", "蓝天救援队"  # names: chóng, ài, lán
    expected = {
        "name": ([small, big, none], [none, big, small]),
        "kind": ([small, none, big], [big, none, small]),  # foundation, social group, service org
        "town": ([big, small, none], [small, big, none]),  # 长山乡 cháng, 西关 xī, none
        "fundraising": ([big, small, none], [small, none, big]),  # qualified first
        "rating": ([small, big, none], [big, small, none]),  # 5A, 3A, unrated
        "income": ([big, small, none], [small, big, none]),  # 9,000,000, 50,000, none
        "latest": ([big, small, none], [small, big, none]),  # 2024, 2023, none
    }
    for key, (first, reverse) in expected.items():
        other = "asc" if COLUMNS[key].first == "desc" else "desc"
        assert names(soup(client.get(index.url, {"sort": key}))) == first, key
        assert names(soup(client.get(index.url, {"sort": key, "dir": other}))) == reverse, key


@pytest.mark.django_db
def test_headers_carry_aria_sort_and_links_that_reverse_or_switch(client, three):
    index = three[0].get_parent()
    html = soup(client.get(index.url, {"sort": "income", "kind": "foundation"}))
    income = header(html, "income")
    assert income["aria-sort"] == "descending"
    assert [th for th in html.select(".directory-table thead th") if th.has_attr("aria-sort")] == [income]
    assert all(th["scope"] == "col" for th in html.select(".directory-table thead th"))
    assert html.select_one(".directory-table caption").get_text(strip=True)
    again = parse_qs(urlsplit(income.a["href"]).query)
    assert again == {"sort": ["income"], "dir": ["asc"], "kind": ["foundation"]}
    other = parse_qs(urlsplit(header(html, "name").a["href"]).query)
    assert other == {"sort": ["name"], "dir": ["asc"], "kind": ["foundation"]}


@pytest.mark.django_db
def test_the_filter_form_keeps_the_order(client, three):
    index = three[0].get_parent()
    html = soup(client.get(index.url, {"sort": "rating", "dir": "asc", "town": "长山乡"}))
    form = html.select_one("form.filters")
    assert form.select_one("input[type=hidden][name=sort]")["value"] == "rating"
    assert form.select_one("input[type=hidden][name=dir]")["value"] == "asc"
    assert form.select_one("select[name=town] option[selected]")["value"] == "长山乡"


@pytest.mark.django_db
def test_pages_keep_the_filters_and_the_order(client, three):
    index = three[0].get_parent()
    for number in range(20):
        make_organisation(f"测试组织{number}", kind="foundation")
    html = soup(client.get(index.url, {"kind": "foundation", "sort": "latest", "dir": "asc"}))
    query = parse_qs(urlsplit(html.select_one(".pagination a[rel=next]")["href"]).query)
    assert query == {"kind": ["foundation"], "sort": ["latest"], "dir": ["asc"], "page": ["2"]}


@pytest.mark.django_db
def test_rows_name_their_cells_for_the_phone_layout(client, three):
    html = soup(client.get(three[0].get_parent().url))
    row = html.select_one(".directory-table tbody tr")
    assert row.th["scope"] == "row"
    labels = [td["data-label"] for td in row.select("td")]
    assert len(labels) == len(COLUMNS) - 1 and all(labels)


@pytest.mark.django_db
def test_no_template_text_above_the_list(client, three):
    text = soup(client.get(three[0].get_parent().url)).select_one("main").get_text()
    assert "Parameters:" not in text and "{%" not in text and "{#" not in text


def test_the_default_sort_is_a_column():
    assert DEFAULT_SORT in COLUMNS
