"""The search page: facets, highlighted snippets, editors' picks, statistics, autocomplete."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from disclosures.models import DisclosurePage
from search import query_log
from tests.disclosures.factories import add_disclosure
from tests.factories import make_organisation


def html(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def add_audit_report(org, year):
    return add_disclosure(
        org,
        f"{org.title}{year}年度审计报告",
        disclosure_type="audit_report",
        year=year,
        body=f"<p>本单位{year}年度财务报表已经会计师事务所审计，审计意见为无保留意见。</p>",
    )


@pytest.fixture
def audits(org_a, org_b):
    """Audit reports of two organisations for 2023 and 2024, and a disclosure that says nothing of audits."""
    add_disclosure(org_b, "关于开展冬季助学活动的公告", body="<p>本会将于12月开展助学活动。</p>")
    return [add_audit_report(org, year) for org in (org_a, org_b) for year in (2023, 2024)]


def facet(page, key):
    section = page.find("section", attrs={"aria-labelledby": f"facet-{key}"})
    return {a.contents[0].strip(): a for a in section.find_all("a")} if section else {}


@pytest.mark.django_db
def test_facets_count_results_by_type_year_and_organisation(client, org_a, audits):
    page = html(client, q="审计")
    types = facet(page, "type")
    disclosures = DisclosurePage.objects.live().filter(title__contains="审计").count()
    assert disclosures == len(audits)
    assert f"（{disclosures}）" in types["信息公开"].get_text()
    years = facet(page, "year")
    assert "2024" in years and "（2）" in years["2024"].get_text()
    assert org_a.title in facet(page, "org")


@pytest.mark.django_db
def test_following_a_facet_narrows_the_results_and_marks_it_active(client, audits):
    link = facet(html(client, q="审计"), "year")["2024"]["href"]
    narrowed = BeautifulSoup(client.get("/search/" + link).content, "html.parser")
    titles = [a.get_text() for a in narrowed.select(".result h2 a")]
    assert sorted(titles) == sorted(page.title for page in audits if page.year == 2024)
    assert facet(narrowed, "year")["2024"].get("aria-current") == "true"


@pytest.mark.django_db
def test_bad_facet_values_are_ignored(client, audits):
    for params in ({"type": "nope"}, {"year": "x" * 50}, {"org": "-1"}, {"dtype": "<b>"}):
        assert client.get("/search/", {"q": "审计", **params}).status_code == 200


@pytest.mark.django_db
def test_snippets_highlight_the_searched_words_and_escape_the_text(client, org_a):
    add_disclosure(
        org_a, "含有标记的公告", body="<p>本次审计发现 &lt;script&gt;alert(1)&lt;/script&gt; 问题。</p>"
    )
    page = html(client, q="审计 发现")
    snippet = next(p for p in page.select(".result__snippet") if "发现" in p.get_text())
    assert [m.get_text() for m in snippet.find_all("mark")][:2] == ["审计", "发现"]
    assert snippet.find("script") is None


@pytest.mark.django_db
def test_json_snippets_are_plain_text(client, audits):
    data = json.loads(client.get("/search/", {"q": "审计", "format": "json"}).content)
    assert data["results"][0]["snippet"] and "<mark>" not in data["results"][0]["snippet"]


@pytest.mark.django_db
def test_editors_picks_come_first(client):
    org = make_organisation("婺城区蓝天应急救援协会", town="白龙桥镇")
    other = make_organisation("婺城区应急志愿服务队")
    SearchPromotion.objects.create(query=Query.get("应急"), page=org, sort_order=0)
    page = html(client, q="应急")
    picks = page.find(id="picks-title").find_parent("section")
    assert org.title in picks.get_text()
    assert other.title not in picks.get_text()


@pytest.mark.django_db
def test_searches_are_counted_for_statistics(client):
    client.get("/search/", {"q": "慈善信托"})
    client.get("/search/", {"q": "慈善信托", "format": "json"})
    query_log.flush()  # hits are written in batches
    query = Query.objects.get(query_string="慈善信托")
    assert sum(hit.hits for hit in query.daily_hits.all()) == 2


@pytest.mark.django_db
def test_autocomplete_suggests_titles(client, org_a):
    data = json.loads(client.get("/search/suggest/", {"q": "慈善总"}).content)
    assert any("婺城区慈善总会" in s["title"] for s in data["suggestions"])
    assert json.loads(client.get("/search/suggest/", {"q": ""}).content)["suggestions"] == []


@pytest.mark.django_db
def test_drafts_are_never_suggested_or_found(client, org_a):
    add_disclosure(org_a, "机密草稿助浴", publish=False)
    assert "机密草稿助浴" not in client.get("/search/suggest/", {"q": "机密草稿"}).content.decode()
    assert "机密草稿助浴" not in client.get("/search/", {"q": "机密草稿"}).content.decode()


@pytest.mark.django_db
def test_superscript_or_circled_digits_in_facet_filters_are_ignored(client, audits):
    """'²'.isdigit() is true and int('²') raises: the filter is ignored, not a 500."""
    plain = json.loads(client.get("/search/", {"q": "审计", "format": "json"}).content)
    assert plain["total"] == len(audits)
    for params in ({"org": "²"}, {"year": "①"}, {"org": "99999999999999999999999"}, {"year": "２０２４"}):
        response = client.get("/search/", {"q": "审计", "format": "json", **params})
        assert response.status_code == 200, params
        assert json.loads(response.content)["total"] == plain["total"], params


@pytest.mark.django_db
def test_a_query_of_many_words_is_searched_instead_of_overflowing_the_engine(client, org_a):
    """100 words made SQLite's FTS5 parser overflow its stack: the site search then found nothing."""
    found = json.loads(client.get("/search/", {"q": "慈善" * 100, "format": "json"}).content)
    assert found["total"] > 0
