"""What one search costs the database, and facets that stay right while they are counted cheaply
(issue 14: search p95 at 100,000 disclosures; docs/capacity.md)."""

import json
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from disclosures.models import DisclosurePage
from search import facets
from search.segmentation import parse_user_query
from tests.disclosures.factories import add_disclosure
from tests.factories import make_organisation

# SQL statements of one JSON search of one word with hits, whatever the number of hits: the locale,
# the view restrictions (public()), the exact-title lookup, the ranking (SQLite: two queries;
# PostgreSQL: up to four — the planner's estimate of matching bodies, title and body matches, body
# ranks; none on OpenSearch), the titles and organisation names the ranking re-orders by
# (search/ranking.py) and, when few pages match, the other disclosures of the best results' projects
# (one query), the page of results (pages, then their specific rows), the facets (pages, then
# the organisations' titles), the attachments, the editors' picks — and the savepoint around the
# search (tests run in a transaction). No statistics: they are written in batches (test_query_log.py).
QUERIES_PER_SEARCH = 17
# A query of several words asks the engine for each word apart as well (which page has which word, how
# rare each is): the ranking's statements again per word.
RANKING_STATEMENTS = {"sqlite": 2, "postgresql": 4}


pytestmark = pytest.mark.usefixtures("engine_forgets_this_tests_pages")


def statements_of_a_search(client, query):
    client.get("/search/", {"q": query, "format": "json"})  # content types and the like, cached after
    with CaptureQueriesContext(connection) as searched:
        response = client.get("/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)["total"], [q["sql"] for q in searched.captured_queries]


@pytest.mark.django_db
def test_a_search_makes_a_fixed_number_of_queries(client, org_a, org_b):
    for n in range(3):
        add_disclosure(org_a, f"蒲公英计划第{n + 1}期公告", body="<p>蒲公英计划助学金发放情况。</p>")
    total, few = statements_of_a_search(client, "蒲公英")
    assert total == 3
    for n in range(9):
        add_disclosure(org_b, f"蒲公英计划第{n + 4}期简报", body="<p>蒲公英计划助学金。</p>")
    total, many = statements_of_a_search(client, "蒲公英")
    assert total == 12
    assert len(many) == len(few) <= QUERIES_PER_SEARCH, "\n".join(many)
    writes = [sql for sql in many if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not writes


def ranking_statements():
    return 0 if settings.SEARCH_BACKEND != "database" else RANKING_STATEMENTS[connection.vendor]


@pytest.mark.django_db
def test_a_search_without_hits_makes_fewer_queries(client, org_a):
    total, statements = statements_of_a_search(client, "氢能")
    assert total == 0
    assert len(statements) <= QUERIES_PER_SEARCH - 4, "\n".join(statements)


@pytest.mark.django_db
def test_each_word_of_a_query_costs_one_ranking_more(client, org_a, org_b):
    for n in range(3):
        add_disclosure(org_a, f"蒲公英计划第{n + 1}期公告", body="<p>蒲公英计划助学金发放情况。</p>")
    total, few = statements_of_a_search(client, "蒲公英 公告")
    assert total == 3
    for n in range(9):
        add_disclosure(org_b, f"蒲公英计划第{n + 4}期公告", body="<p>蒲公英计划助学金。</p>")
    total, many = statements_of_a_search(client, "蒲公英 公告")
    assert total == 12
    assert len(many) == len(few) <= QUERIES_PER_SEARCH + 2 * ranking_statements(), "\n".join(many)


def independent_facets(pages):
    """The facets counted the slow, obvious way: page objects and their parents."""
    orgs, years, dtypes = Counter(), Counter(), Counter()
    for page in pages:
        orgs[page.get_parent().specific.title] += 1
        years[page.year] += 1
        dtypes[page.disclosure_type] += 1
    return orgs, years, dtypes


@pytest.mark.django_db
def test_facets_equal_an_independent_count_and_list_the_ten_largest_organisations():
    pages = []
    organisations = [make_organisation(f"第{n}号测试慈善会") for n in range(12)]
    for n, org in enumerate(organisations):
        for i in range(n % 4 + 1):  # 1 to 4 disclosures each: the ten largest are unambiguous at the top
            pages.append(
                add_disclosure(org, f"{org.title}公告{i}", year=2020 + i, disclosure_type="annual_report")
            )
    extra = add_disclosure(
        organisations[0], "第0号测试慈善会审计报告", year=2024, disclosure_type="audit_report"
    )
    pages.append(extra)
    counted = facets.count_facets([page.pk for page in pages] + [organisations[1].pk])
    orgs, years, dtypes = independent_facets(DisclosurePage.objects.filter(pk__in=[p.pk for p in pages]))
    shown = {title: n for _, title, n in counted["org"]}
    assert len(shown) == facets.ORGANISATION_FACETS
    assert all(orgs[title] == n for title, n in shown.items())
    assert min(shown.values()) >= max(n for title, n in orgs.items() if title not in shown)
    assert {pk for pk, _, _ in counted["org"]} <= {org.pk for org in organisations}
    assert {year: n for year, _, n in counted["year"]} == dict(years)
    assert {key: n for key, _, n in counted["dtype"]} == dict(dtypes)
    assert {key: n for key, _, n in counted["type"]} == {"disclosure": len(pages), "organisation": 1}


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index of the newest titles is PostgreSQL's"
)
def test_postgresql_has_the_index_of_the_newest_titles():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_newest_titles'")
        (definition,) = cursor.fetchone()
    assert "INCLUDE (content_type_id, object_id, title_norm, title)" in definition


@pytest.mark.django_db
def test_a_bounded_search_finds_the_newest_title_and_body_matches_together(org_a):
    """The database engines take the newest title matches and the newest body matches apart and merge
    them: a page matching in both is counted once, and the newest of either kind are kept."""
    in_body = add_disclosure(org_a, "第一季度工作简报", body="<p>本会参与蒲公英计划。</p>")
    in_title = add_disclosure(org_a, "蒲公英计划实施方案", body="<p>方案全文。</p>")
    in_both = add_disclosure(org_a, "蒲公英计划年度报告", body="<p>蒲公英计划年度情况。</p>")
    results = Page.objects.live().search(parse_user_query("蒲公英")).bounded(3)
    assert sorted(results.best_pks(3)) == sorted([in_body.pk, in_title.pk, in_both.pk])
    assert results.count() == 3 and results.count_is_lower_bound() is False
    newest_two = Page.objects.live().search(parse_user_query("蒲公英")).bounded(2)
    assert newest_two.count_is_lower_bound() is True
    if settings.SEARCH_BACKEND == "database":
        assert set(newest_two.best_pks(2)) == {in_title.pk, in_both.pk}
