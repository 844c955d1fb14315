"""The pages API (wucheng_site/api.py) answers bad parameters with a 400 and a message, never a 500."""

import json

import pytest

from tests.disclosures.factories import add_disclosure
from tests.search.test_search import NASTY_QUERIES

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"


def bad_request(client, path, params=None):
    response = client.get(path, params)
    assert response.status_code == 400, (params, response.status_code)
    return json.loads(response.content)["message"]


def test_api_search_is_cleaned_and_bounded_like_the_site_search(client):
    """About 400 Han characters made SQLite's FTS5 parser overflow its stack (a 500)."""
    for query in ("中" * 400, "慈善" * 200, "婺城\x01慈善", '"慈善'):
        response = client.get(API, {"search": query, "limit": 1})
        assert response.status_code == 200, query
    found = json.loads(client.get(API, {"search": "慈善" * 100}).content)
    assert found["meta"]["total_count"] > 0


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_the_site_searchs_nasty_queries_get_an_answer_from_the_api(client, query):
    response = client.get(API, {"search": query, "limit": 1})
    expected = 400 if "\x00" in query else 200  # NUL: refused with a message, see below
    assert response.status_code == expected


def test_an_empty_search_after_cleaning_finds_nothing(client):
    assert json.loads(client.get(API, {"search": "\x01\x02 "}).content)["meta"]["total_count"] == 0


def test_an_unknown_search_operator_is_a_bad_request(client):
    assert bad_request(client, API, {"search": "慈善", "search_operator": "xor"}) == (
        "search_operator must be 'and' or 'or'"
    )
    for operator in ("and", "OR"):
        assert client.get(API, {"search": "慈善", "search_operator": operator}).status_code == 200


@pytest.mark.parametrize("offset", ["9223372036854775808", "99999999999999999999999", "²", "-1", "1e3"])
def test_an_offset_that_is_not_a_64_bit_whole_number_is_a_bad_request(client, offset):
    assert bad_request(client, API, {"offset": offset}).startswith("offset must be a whole number from 0 to ")


def test_the_largest_offset_gives_an_empty_page(client):
    response = client.get(API, {"offset": "9223372036854775807"})
    assert response.status_code == 200
    assert json.loads(response.content)["items"] == []


@pytest.mark.parametrize("limit", ["①", "101", "99999999999999999999999", ""])
def test_a_limit_that_is_not_a_whole_number_up_to_the_maximum_is_a_bad_request(client, limit):
    assert bad_request(client, API, {"limit": limit}) == "limit must be a whole number from 0 to 100"


def test_searching_beyond_the_search_engines_window_is_a_bad_request(client):
    message = bad_request(client, API, {"search": "慈善", "offset": "9990", "limit": "20"})
    assert message == "offset + limit cannot exceed 10000 when searching"


def test_find_with_an_id_that_is_not_a_number_is_a_bad_request(client, org_a):
    """Wagtail looked ``?id=`` up as it came (a ValueError, so a 500)."""
    for value in ("abc", "²", "99999999999999999999999"):
        assert bad_request(client, API + "find/", {"id": value}) == "id must be a whole number"
    page = add_disclosure(org_a, "年度工作报告")
    response = client.get(API + "find/", {"id": page.pk})
    assert response.status_code == 302
    assert f"/api/v2/pages/{page.pk}/" in response["Location"]


def test_null_characters_in_any_parameter_are_a_bad_request(client):
    """PostgreSQL refuses NUL in text, and Wagtail's locale, site and find filters pass it on."""
    for params in ({"locale": "zh\x00"}, {"site": "a\x00"}, {"x\x00": "1"}):
        assert bad_request(client, API, params) == "query parameters cannot contain null characters"
    assert bad_request(client, API + "find/", {"html_path": "/a\x00/"})


def test_deeply_nested_fields_are_a_bad_request(client):
    """Wagtail parses ``fields`` recursively: 3,000 levels raised RecursionError (a 500)."""
    message = bad_request(client, API, {"fields": "a(" * 3000 + ")" * 3000})
    assert message == "fields cannot be nested more than 10 levels deep"
    # Ten levels are left to Wagtail, which names the unknown field.
    assert bad_request(client, API, {"fields": "a(" * 10 + "b" + ")" * 10}) == "unknown fields: a"


def test_a_page_id_beyond_64_bits_in_the_detail_url_is_not_found(client):
    for suffix in ("", "?type=disclosures.DisclosurePage"):
        assert client.get(f"{API}9223372036854775808/{suffix}").status_code == 404
