"""A broad search is bounded: it counts up to MATCH_LIMIT matches and then says "more than N results"
(``total_is_lower_bound`` in JSON) instead of ranking and counting every match. Runs on every engine
of the suite (SQLite, PostgreSQL, OpenSearch); the limit is lowered so that a few pages exceed it."""

import json
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

from search import views
from search.segmentation import parse_user_query
from tests.disclosures.factories import add_disclosure

pytestmark = pytest.mark.usefixtures("engine_forgets_this_tests_pages")


def search_json(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def reports(org_a):
    """Four disclosures that all mention 蒲公英, and one that does not."""
    add_disclosure(org_a, "关于理事会换届的公告", body="<p>本会第三届理事会换届。</p>")
    return [
        add_disclosure(
            org_a, f"{year}年蒲公英计划公告", year=year, body=f"<p>{year}年蒲公英计划助学金发放情况。</p>"
        )
        for year in (2022, 2023, 2024, 2025)
    ]


@pytest.fixture
def limit_of_two(monkeypatch):
    monkeypatch.setattr(views, "MATCH_LIMIT", 2)


@pytest.mark.django_db
def test_a_query_within_the_limit_is_counted_exactly_and_keeps_the_contract(client, reports):
    data = search_json(client, "蒲公英")
    assert data["total"] == len(reports)
    assert set(data) == {"query", "total", "results"}


@pytest.mark.django_db
def test_more_matches_than_the_limit_give_a_lower_bound(client, reports, limit_of_two):
    data = search_json(client, "蒲公英")
    assert data["total"] == 2
    assert data["total_is_lower_bound"] is True
    assert len(data["results"]) == 2
    assert {result["title"] for result in data["results"]} <= {page.title for page in reports}


@pytest.mark.django_db
def test_exactly_as_many_matches_as_the_limit_is_an_exact_total(client, reports, monkeypatch):
    monkeypatch.setattr(views, "MATCH_LIMIT", len(reports))
    data = search_json(client, "蒲公英")
    assert data["total"] == len(reports)
    assert "total_is_lower_bound" not in data


@pytest.mark.django_db
def test_the_page_says_more_than_n_results(client, reports, limit_of_two):
    response = client.get("/search/", {"q": "蒲公英"})
    assert response.context["total_is_lower_bound"] is True
    summary = BeautifulSoup(response.content, "html.parser").select_one(".search-summary").get_text()
    assert "2" in summary
    assert "More than 2 results" in summary or "超过 2 条" in summary
    exact = BeautifulSoup(client.get("/search/", {"q": "换届"}).content, "html.parser")
    text = exact.select_one(".search-summary").get_text()
    assert "More than" not in text and "超过" not in text


@pytest.mark.django_db
def test_facets_count_the_ranked_matches_of_a_bounded_search(client, reports, limit_of_two):
    response = client.get("/search/", {"q": "蒲公英"})
    years = {item["label"]: item["count"] for group in response.context["facets"] for item in group["items"]
             if group["key"] == "year"}  # fmt: skip
    assert sum(years.values()) == 2


@pytest.mark.django_db
def test_unbounded_results_count_every_match(reports):
    """The admin's page search and the API do not go through the view: no bound there."""
    results = Page.objects.live().search(parse_user_query("蒲公英"))
    assert results.count() == len(reports)
    assert len(list(results[:10])) == len(reports)


@pytest.mark.django_db
def test_bounded_results_rank_count_and_window_agree(reports):
    results = Page.objects.live().specific().search(parse_user_query("蒲公英")).bounded(3, prefetch=2)
    assert results.count() == 3
    assert results.count_is_lower_bound() is True
    window = list(results[1:3])
    best = results.best_pks(3)
    assert [page.pk for page in window] == best[1:3]
    assert set(best) <= {page.pk for page in reports}


@pytest.mark.django_db
def test_within_the_limit_the_bounded_ranking_is_the_full_ranking(reports):
    query = parse_user_query("蒲公英 助学金")
    full = [page.pk for page in Page.objects.live().search(query)]
    bounded = Page.objects.live().search(query).bounded(len(reports))
    assert bounded.best_pks(len(reports)) == full
    assert bounded.count_is_lower_bound() is False


@pytest.mark.django_db
@pytest.mark.skipif(settings.SEARCH_BACKEND != "database", reason="OpenSearch ranks every match (BM25)")
def test_a_broad_query_ranks_its_newest_matches_title_matches_first(org_a):
    """On the database engines a query with more matches than the limit is ranked among its newest
    ``limit`` matches: those with the words in their title first, then the others newest first."""
    body_only = "<p>本会参与蒲公英计划。</p>"
    oldest = add_disclosure(org_a, "第一季度工作简报", body=body_only)
    in_title = add_disclosure(org_a, "蒲公英计划实施方案", body="<p>方案全文。</p>")
    older = add_disclosure(org_a, "第二季度工作简报", body=body_only)
    newest = add_disclosure(org_a, "第三季度工作简报", body=body_only)
    results = Page.objects.live().search(parse_user_query("蒲公英")).bounded(3)
    assert results.best_pks(3) == [in_title.pk, newest.pk, older.pk]
    assert results.count_is_lower_bound() is True
    assert oldest.pk not in results.best_pks(3)


@pytest.mark.django_db
def test_an_exact_title_stays_first_and_counted_when_the_search_is_bounded(
    client, org_a, reports, limit_of_two
):
    exact = add_disclosure(org_a, "蒲公英", year=2020, body="<p>项目简介。</p>")
    data = search_json(client, exact.title)
    assert data["results"][0]["title"] == exact.title
    assert data["total"] == 1 + 2  # the exact match, then the bounded ranking of the others
    assert data["total_is_lower_bound"] is True
    assert [result["title"] for result in data["results"]].count(exact.title) == 1


@pytest.mark.django_db
def test_the_best_match_comes_first_in_a_bounded_search(client, org_a, monkeypatch):
    """The page with the word in its title comes before pages that only mention it, on every engine
    (the database engines rank the newest ``limit`` matches: it is among them)."""
    body_only = "<p>本会参与蒲公英计划，助学金按月发放。</p>"
    add_disclosure(org_a, "第一季度工作简报", body=body_only)
    add_disclosure(org_a, "第二季度工作简报", body=body_only)
    in_title = add_disclosure(org_a, "蒲公英计划实施方案", body="<p>方案全文。</p>")
    add_disclosure(org_a, "第三季度工作简报", body=body_only)
    monkeypatch.setattr(views, "MATCH_LIMIT", 3)
    data = search_json(client, "蒲公英")
    assert data["total_is_lower_bound"] is True
    assert data["results"][0]["title"] == in_title.title


@pytest.mark.django_db
def test_pages_of_a_bounded_search_stay_within_the_bound(client, reports, monkeypatch):
    monkeypatch.setattr(views, "MATCH_LIMIT", 3)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = search_json(client, "蒲公英", page=1)
    second = search_json(client, "蒲公英", page=2)
    past_the_end = search_json(client, "蒲公英", page=3)
    assert [len(first["results"]), len(second["results"])] == [2, 1]
    titles = [result["title"] for result in first["results"] + second["results"]]
    assert len(set(titles)) == 3 and set(titles) <= {page.title for page in reports}
    assert past_the_end["results"] == second["results"]  # the last page, as for any page number past it
    page = BeautifulSoup(client.get("/search/", {"q": "蒲公英", "page": 2}).content, "html.parser")
    assert not page.select('a[href*="page=3"]')


@pytest.mark.django_db
def test_drafts_and_private_pages_never_enter_a_bounded_ranking(client, reports, org_a, limit_of_two):
    """The database engines rank the newest matches: the newest ones here must not be let through."""
    from wagtail.models import PageViewRestriction

    private = add_disclosure(org_a, "蒲公英计划内部名单", body="<p>蒲公英计划受助学生名单。</p>")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = add_disclosure(org_a, "蒲公英计划草稿", publish=False, body="<p>蒲公英计划草稿。</p>")
    data = search_json(client, "蒲公英")
    titles = {result["title"] for result in data["results"]}
    assert len(titles) == 2 and titles <= {page.title for page in reports}
    assert private.title not in titles and draft.title not in titles


@pytest.mark.django_db
def test_the_english_page_says_more_than_n_results(client):
    """In the English UI (the skeleton's English pages): "More than N results" once the total passes the bound."""
    data = json.loads(client.get("/en/search/", {"q": "Wucheng", "format": "json"}).content)
    total = data["total"]
    assert total >= 2, "the skeleton should have several English pages about Wucheng"
    views_limit = total - 1
    with mock.patch.object(views, "MATCH_LIMIT", views_limit):
        page = BeautifulSoup(client.get("/en/search/", {"q": "Wucheng"}).content, "html.parser")
    summary = page.select_one(".search-summary").get_text()
    assert f"More than {views_limit} results" in summary


@pytest.mark.django_db
def test_the_page_title_index_exists():
    """search/migrations/0001: a later Wagtail migration that rebuilds the page table would drop it."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert any(c["index"] and c["columns"] == ["title"] for c in constraints.values())
