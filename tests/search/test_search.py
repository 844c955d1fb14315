"""/search/ answers every query with a page (HTML or the JSON contract), never a 500."""

import json

import pytest

NASTY_QUERIES = [
    "",
    " ",
    '"',
    '""',
    "*",
    "^",
    "NEAR(",
    "a:b",
    "-",
    "(",
    ")",
    "AND",
    "OR NOT",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00\x01\x1f",
    "慈善\t\n总会",
    "x" * 10_000,
    "慈" * 10_000,
    "%",
    "\\",
    "{}[]",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_any_query_returns_a_page(client, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    response = client.get("/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    # "help" only when no page has every word: nothing found, or only partial matches (which say so)
    partial = {"partial_matches_only", "help"} if data.get("partial_matches_only") else set()
    assert set(data) == {"query", "total", "results"} | (
        {"help"} if data["query"] and not data["total"] else partial
    )


@pytest.mark.django_db
def test_invalid_utf8_in_the_url_returns_a_page(client):
    response = client.get("/search/?q=%ff%fe%C3")
    assert response.status_code == 200


@pytest.mark.django_db
def test_json_results_follow_the_contract(client):
    data = json.loads(client.get("/en/search/", {"q": "charity", "format": "json"}).content)
    assert data["query"] == "charity"
    assert data["total"] >= 1
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "snippet"}
    assert first["url"].startswith("http://") and "/en/" in first["url"]
    contract_types = {"organisation", "disclosure", "story", "policy", "award", "page"}
    assert {result["type"] for result in data["results"]} <= contract_types


@pytest.mark.django_db
def test_search_finds_only_pages_in_the_visitors_language(client):
    english = json.loads(client.get("/en/search/", {"q": "Wucheng", "format": "json"}).content)
    assert english["total"] >= 1
    assert all("/en/" in result["url"] for result in english["results"])


@pytest.mark.django_db
def test_search_never_returns_drafts(client, home):
    from home.models import StandardPage

    draft = StandardPage(title="Unpublished zebra notice", slug="zebra", live=False)
    home.add_child(instance=draft)
    data = json.loads(client.get("/search/", {"q": "zebra", "format": "json"}).content)
    assert data["total"] == 0
