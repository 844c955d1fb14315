"""When a search finds nothing (search/zero_results.py): organisations by partial name, "did you mean"
for a near miss, popular searches, the record of searches without results and its report."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from accounts import roles
from search import query_log, zero_results
from search.models import ZeroResultQuery
from search.zero_results import (
    NameIndex,
    Vocabulary,
    allowed_edits,
    edit_distance,
    name_core,
    popular_queries,
)
from tests import matrix
from tests.factories import login, make_user, soup

pytestmark = pytest.mark.usefixtures("engine_forgets_this_tests_pages")

SPRING = "金华市婺城区春晖助学基金会"
NAMES = [
    (1, SPRING),
    (2, "婺城区慈善总会"),
    (3, "金华市婺城区夕阳红养老服务中心"),
    (4, "婺城区春晖爱心协会"),
]


# --- organisations by partial name (rules) ----------------------------------------------------------


def test_a_names_core_leaves_out_the_region_and_the_kind():
    assert name_core(SPRING) == ["春晖助学"]
    assert name_core("金華市婺城區夕陽紅養老服務中心") == ["夕阳红养老"]  # traditional characters too


def test_part_of_a_name_finds_the_organisation():
    assert NameIndex(NAMES).partial_matches("夕阳红敬老院") == [3]
    assert NameIndex(NAMES).partial_matches("养老院") == [3]


def test_the_longest_shared_part_comes_first():
    assert NameIndex(NAMES).partial_matches("春晖助学金") == [1, 4]


def test_the_region_or_the_kind_alone_is_no_likeness():
    assert NameIndex(NAMES).partial_matches("婺城区基金会") == []
    assert NameIndex(NAMES).partial_matches("金华市服务中心协会") == []
    assert NameIndex(NAMES).partial_matches("春") == []  # one character is no likeness either


def test_only_the_start_of_a_long_query_is_compared_with_the_names():
    """A pasted paragraph shares a pair of characters with nearly every name: its start is enough."""
    assert NameIndex(NAMES).partial_matches("夕阳红" + "的" * 40) == [3]
    assert NameIndex(NAMES).partial_matches("的" * 40 + "夕阳红") == []
    assert Vocabulary(["婺城区慈善总会"]).corrections("婺城区慈善总会" * 10) == []


def test_at_most_five_organisations_are_suggested():
    names = [(n, f"婺城区春晖第{n}助学会") for n in range(8)]
    assert len(NameIndex(names).partial_matches("春晖奖学金")) == 5


# --- did you mean (rules) -----------------------------------------------------------------------------


def test_edit_distance_stops_past_the_limit():
    assert edit_distance("春晖助学基金会", "春晖助学基全会", 2) == 1
    assert edit_distance("春晖助学基金会", "春晖助学会", 2) == 2
    assert edit_distance("春晖助学基金会", "夕阳红养老", 2) == 3


def test_edits_allowed_grow_with_the_query():
    assert [allowed_edits(n) for n in (3, 4, 7, 8, 20)] == [0, 1, 1, 2, 2]


def test_one_wrong_character_in_a_long_name_gives_the_name():
    words = Vocabulary([SPRING, "婺城区慈善总会", "2024年度工作报告"])
    assert words.corrections("金华市婺城区春晖助学基全会") == [SPRING]
    assert words.corrections("金華市婺城區春晖助學基金會") == []  # the same name (normalised): no correction


def test_two_wrong_characters_only_in_a_long_query():
    words = Vocabulary([SPRING, "婺城区慈善总会"])
    assert words.corrections("金华市婺城区春辉助学基全会") == [SPRING]
    assert words.corrections("婺城区慈善总会") == []
    assert words.corrections("婺城区慈善总汇") == ["婺城区慈善总会"]
    assert words.corrections("婺城区兹善总汇") == []  # two edits in seven characters: too far


def test_short_queries_get_no_correction():
    assert Vocabulary(["慈善", "助学"]).corrections("慈羊") == []


def test_the_nearest_text_comes_first():
    words = Vocabulary(["婺城区慈善总会年报表", "婺城区慈善总会年度报告"])  # two edits, one edit
    assert words.corrections("婺城区慈善总会年度报") == ["婺城区慈善总会年度报告", "婺城区慈善总会年报表"]


# --- popular searches (rules) -------------------------------------------------------------------------


def test_popular_searches_never_show_personal_data():
    rows = [("13812345678", 50), ("年度报告", 10), ("zhang.san@example.com", 9), ("审计报告", 5)]
    assert popular_queries(rows) == ["年度报告", "审计报告"]
    assert popular_queries(rows, exclude=["年度报告"], limit=1) == ["审计报告"]


# --- the search page ----------------------------------------------------------------------------------


def search_json(client, query, prefix=""):
    response = client.get(f"{prefix}/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_no_results_suggests_organisations_by_partial_name(client, org_a, org_b):
    data = search_json(client, "春晖奖学金")
    assert data["total"] == 0 and data["results"] == []
    assert data["help"]["organisations"] == [{"title": org_b.title, "url": org_b.get_full_url()}]
    page = soup(client.get("/search/", {"q": "春晖奖学金"}))
    links = page.select(".search-help a")
    assert (org_b.title, org_b.url) in [(a.get_text(), a["href"]) for a in links]


@pytest.mark.django_db
def test_a_near_miss_of_an_organisation_name_offers_the_name(client, org_b):
    data = search_json(client, "金华市婺城区春晖助学基全会")
    # No page has every word; pages with most of them may be listed (search/ranking.py), with the help.
    assert data["total"] == 0 or data["partial_matches_only"]
    assert data["help"]["did_you_mean"] == {
        "query": org_b.title,
        "url": "http://testserver/search/?q=" + "%E9%87%91%E5%8D%8E%E5%B8%82%E5%A9%BA%E5%9F%8E%E5%8C%BA"
        "%E6%98%A5%E6%99%96%E5%8A%A9%E5%AD%A6%E5%9F%BA%E9%87%91%E4%BC%9A",
    }
    assert search_json(client, org_b.title)["total"] >= 1  # following it finds the organisation
    # Without the region, as people write it: the name without the region is offered.
    assert search_json(client, "春晖助学基全会")["help"]["did_you_mean"]["query"] == "春晖助学基金会"
    page = soup(client.get("/search/", {"q": "金华市婺城区春晖助学基全会"}))
    correction = page.select_one(".search-help__correction")
    assert "您是不是要找" in correction.get_text() and correction.a.get_text() == org_b.title


@pytest.mark.django_db
def test_a_correction_that_would_find_nothing_is_not_offered(client, home):
    from home.models import StandardPage

    page = StandardPage(title="蒲公英助学计划简介", slug="dandelion")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert search_json(client, "蒲公英助学计划简价")["help"]["did_you_mean"]["query"] == "蒲公英助学计划简介"
    page.unpublish()  # the title is still among those this process keeps for a few minutes
    assert search_json(client, "蒲公英助学计划简价")["help"]["did_you_mean"] is None


def add_hits(query_string, hits, days_ago=0):
    query = Query.get(query_string)
    date = timezone.now().date() - datetime.timedelta(days=days_ago)
    QueryDailyHits.objects.create(query=query, date=date, hits=hits)


@pytest.mark.django_db
def test_popular_searches_leave_out_personal_data_rare_old_and_fruitless_queries(client):
    add_hits("年度报告", 12)
    add_hits("审计报告", 3, days_ago=3)
    add_hits("13812345678", 50)  # stored before the filter existed
    add_hits("量子计算", 30)  # found nothing
    ZeroResultQuery.objects.create(query_string="量子计算", date=timezone.now().date(), hits=30)
    add_hits("王某某", 1)  # typed once: rare queries say something about the one who typed them
    add_hits("很久以前的热门", 99, days_ago=30)  # the 31st day back
    data = search_json(client, "不存在的词语甲乙")
    assert data["help"]["popular"] == [
        {"query": "年度报告", "url": "http://testserver/search/?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"},
        {"query": "审计报告", "url": "http://testserver/search/?q=%E5%AE%A1%E8%AE%A1%E6%8A%A5%E5%91%8A"},
    ]
    page = soup(client.get("/search/", {"q": "不存在的词语甲乙"}))
    assert [a.get_text() for a in page.select(".search-help__popular a")] == ["年度报告", "审计报告"]
    assert "热门搜索" in page.get_text()


@pytest.mark.django_db
def test_help_is_only_given_when_nothing_is_found(client, org_a):
    data = search_json(client, org_a.title)
    assert data["total"] >= 1 and "help" not in data
    assert "help" not in search_json(client, "")
    assert soup(client.get("/search/", {"q": org_a.title})).select(".search-help") == []


@pytest.mark.django_db
def test_the_english_page_helps_in_english(client, home, english):
    from home.models import StandardPage

    english_home = home.get_translation(english)
    page = StandardPage(title="Annual charity report guide", slug="report-guide")
    english_home.add_child(instance=page)
    page.save_revision().publish()
    add_hits("annual report", 5)
    data = search_json(client, "anual charity report guide", prefix="/en")
    assert data["total"] == 0 or data["partial_matches_only"]
    assert data["help"]["did_you_mean"]["query"] == "Annual charity report guide"
    assert data["help"]["did_you_mean"]["url"].startswith("http://testserver/en/search/?q=")
    html = soup(client.get("/en/search/", {"q": "anual charity report guide"}))
    text = html.select_one(".search-help").get_text()
    assert "Did you mean" in text and "Popular searches" in text
    assert html.select_one(".search-help__popular a")["href"] == "/en/search/?q=annual+report"


# --- the record of searches without results --------------------------------------------------------------


@pytest.mark.django_db
def test_only_first_page_searches_without_results_and_without_personal_data_are_recorded(client, org_a):
    for params in (
        {"q": "量子计算机"},
        {"q": "量子计算机", "format": "json"},
        {"q": "量子计算机", "year": "2024"},  # a filter, not the query, found nothing
        {"q": "13812345678"},
        {"q": "张三 zhang.san@example.com"},
        {"q": org_a.title},  # found
        {"q": ""},
    ):
        assert client.get("/search/", params).status_code == 200
    query_log.flush()
    assert list(ZeroResultQuery.objects.values_list("query_string", "hits")) == [("量子计算机", 2)]
    assert Query.objects.filter(query_string=org_a.title.lower()).exists()


@pytest.mark.django_db
def test_searches_without_results_are_written_in_the_statistics_batch(client, settings):
    settings.SEARCH_STATS_FLUSH_HITS = 3
    settings.SEARCH_STATS_FLUSH_SECONDS = 3600
    client.get("/search/", {"q": "量子计算机"})
    client.get("/search/", {"q": "量子计算机"})
    assert not ZeroResultQuery.objects.exists()
    client.get("/search/", {"q": "量子纠缠"})
    today = timezone.now().date()
    assert set(ZeroResultQuery.objects.values_list("query_string", "date", "hits")) == {
        ("量子计算机", today, 2),
        ("量子纠缠", today, 1),
    }


@pytest.mark.django_db
def test_searches_without_results_are_deleted_after_the_retention_period(settings):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 30
    today = timezone.now().date()
    ZeroResultQuery.objects.create(query_string="很久以前", date=today - datetime.timedelta(days=31), hits=4)
    ZeroResultQuery.objects.create(query_string="最近", date=today - datetime.timedelta(days=30), hits=1)
    old = Query.get("很久以前的查询")
    QueryDailyHits.objects.create(query=old, date=today - datetime.timedelta(days=40), hits=3)
    assert get_commands()["searchpromotions_garbage_collect"] == "search"  # ours, which extends Wagtail's
    call_command("searchpromotions_garbage_collect", stdout=StringIO())
    assert list(ZeroResultQuery.objects.values_list("query_string", flat=True)) == ["最近"]
    assert not Query.objects.filter(pk=old.pk).exists()  # Wagtail's own collection still runs


# --- Reports → Searches without results ---------------------------------------------------------------


def record(query_string, hits, days_ago=0):
    date = timezone.now().date() - datetime.timedelta(days=days_ago)
    return ZeroResultQuery.objects.create(query_string=query_string, date=date, hits=hits)


@pytest.mark.django_db
def test_the_report_lists_queries_newest_heavy_with_a_link_to_add_an_editors_pick(client):
    record("很久以前很多次", 20, days_ago=20)
    record("本周几次", 2, days_ago=1)
    record("本周几次", 1)
    record("本周几次", 5, days_ago=12)
    record("今天一次", 1)
    query_log.count_hit("本周几次")
    query_log.flush()  # counted in the statistics too, as every search is
    login(client, make_user("root", superuser=True))
    page = soup(client.get(reverse("search_zero_results")))
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert [row[0] for row in rows] == ["本周几次", "今天一次", "很久以前很多次"]
    assert rows[0][1:3] == ["8", "3"]
    assert rows[0][-2:] == ["添加推荐结果", "添加同义词"]
    synonym_link = page.select("tbody tr")[0].select("a")[-1]["href"]
    form = soup(client.get(synonym_link))
    assert form.select_one("textarea[name=terms]").get_text().strip() == "本周几次，"
    links = [row.select_one("a")["href"] for row in page.select("tbody tr")]
    assert links[0] == reverse(
        "wagtailsearchpromotions:edit", args=[Query.objects.get(query_string="本周几次").pk]
    )
    assert links[1] == reverse("wagtailsearchpromotions:add")
    assert client.get(links[0]).status_code == 200
    found = soup(client.get(reverse("search_zero_results_results"), {"q": "今天"}))
    assert [row.select_one("td").get_text(strip=True) for row in found.select("tbody tr")] == ["今天一次"]
    export = client.get(reverse("search_zero_results"), {"export": "csv"})
    assert "本周几次" in b"".join(export.streaming_content).decode("utf-8-sig")


def user_for(role, org_a, org_b):
    from disclosures.accounts import create_organisation_account

    if role.organisation:
        user, _password = create_organisation_account(org_a if role.organisation == "a" else org_b, role.key)
        return user
    return make_user(role.key, *role.groups, superuser=role.superuser)


@pytest.mark.django_db
@pytest.mark.parametrize("role", matrix.ROLES, ids=lambda role: role.key)
def test_only_those_who_manage_search_promotions_see_the_report(client, role, org_a, org_b):
    record("矩阵之外的查询", 3)
    if role.key != matrix.ANONYMOUS:
        login(client, user_for(role, org_a, org_b))
    for name in ("search_zero_results", "search_zero_results_results"):
        response = client.get(reverse(name))
        text = response.content.decode()
        if role.key in matrix.SEARCH_PROMOTERS:
            assert response.status_code == 200 and "矩阵之外的查询" in text, name
        elif role.key == matrix.ANONYMOUS:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], name
        else:
            assert response.status_code == 403 and "矩阵之外的查询" not in text, name


@pytest.mark.django_db
def test_the_reports_menu_lists_the_report_only_for_those_who_may_see_it(client):
    login(client, make_user("siteadmin", roles.SITE_ADMINS))
    assert reverse("search_zero_results") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.logout()
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    assert reverse("search_zero_results") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_caches_are_dropped_between_tests():
    """The fixture in tests/conftest.py empties what search/zero_results.py keeps per process."""
    assert zero_results._cache == {}


@pytest.mark.django_db
def test_a_database_error_while_looking_for_help_does_not_break_the_search(client, monkeypatch):
    from django.db import DatabaseError

    def fail():
        raise DatabaseError("statistics table locked")

    monkeypatch.setattr(zero_results, "popular_searches", fail)
    data = search_json(client, "不存在的词语甲乙")
    assert data["total"] == 0
    assert data["help"] == {"organisations": [], "did_you_mean": None, "popular": []}
