"""What the site keeps of public search queries (search/query_log.py): never personal data, the rest
for a limited time, readable only by those who manage search promotions.

Found by the attacker's review: every query was stored forever and readable by every admin user
(organisation accounts included) through the search-promotion query chooser."""

import datetime
import runpy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from accounts import roles
from search import query_log
from search.query_log import looks_like_personal_data
from tests.factories import login, make_user
from tests.privacy import shown

PERSONAL = [
    "13812345678",
    "张三 138 1234 5678",
    "+86 139-1234-5678",
    "１３８１２３４５６７８",  # full-width digits
    "0579-82345678",
    "zhang.san@example.com",
    "李四 lisi＠example.cn",
    "11010519491231002X",  # the standard's sample identity number (valid check character)
    "110105491231002",  # an old 15-digit one
    "6222 0212 3456 7890 123",  # a bank card number
]
PUBLIC = [
    "年度报告",
    "婺城区慈善总会 2023年审计报告",
    "51330702MJ1A2B3C4M",  # an organisation's credit code is public
    "2021-2025",
    "第3届婺城慈善奖",
    "100000元",
]


@pytest.mark.parametrize("query", PERSONAL)
def test_queries_that_look_like_personal_data_are_recognised(query):
    assert looks_like_personal_data(query)


@pytest.mark.parametrize("query", PUBLIC)
def test_ordinary_queries_are_not_mistaken_for_personal_data(query):
    assert not looks_like_personal_data(query)


@pytest.mark.django_db
def test_search_never_stores_a_personal_query(client):
    for query in PERSONAL:
        assert client.get("/search/", {"q": query}).status_code == 200
    query_log.flush()
    stored = list(Query.objects.values_list("query_string", flat=True))
    for query in PERSONAL:
        assert not any(part in text for text in stored for part in query.split() if len(part) > 4), query


@pytest.mark.django_db
def test_search_stores_an_ordinary_query(client):
    client.get("/search/", {"q": "年度报告"})
    query_log.flush()
    assert Query.objects.filter(query_string="年度报告").exists()


def daily_hits(query_string):
    return {hit.date: hit.hits for hit in QueryDailyHits.objects.filter(query__query_string=query_string)}


@pytest.mark.django_db
def test_hits_are_written_in_a_batch_when_enough_are_pending(client, settings):
    settings.SEARCH_STATS_FLUSH_HITS = 3
    settings.SEARCH_STATS_FLUSH_SECONDS = 3600
    client.get("/search/", {"q": "年度报告"})
    client.get("/search/", {"q": "年度报告", "format": "json"})
    assert not Query.objects.filter(query_string="年度报告").exists()
    client.get("/search/", {"q": "审计报告"})
    assert daily_hits("年度报告") == {timezone.now().date(): 2}
    assert daily_hits("审计报告") == {timezone.now().date(): 1}
    assert query_log.take_pending() == ({}, {})


@pytest.mark.django_db
def test_pending_hits_are_written_once_old_enough(client, settings):
    settings.SEARCH_STATS_FLUSH_HITS = 1000
    settings.SEARCH_STATS_FLUSH_SECONDS = 0
    client.get("/search/", {"q": "年度报告"})
    assert daily_hits("年度报告") == {timezone.now().date(): 1}


@pytest.mark.django_db
def test_a_batch_adds_to_the_hits_already_stored_per_day():
    today = timezone.now().date()
    yesterday = today - datetime.timedelta(days=1)
    Query.get("慈善一日捐").add_hit()
    for _ in range(3):
        query_log.count_hit("慈善一日捐")
    query_log.count_hit("慈善一日捐", date=yesterday)
    query_log.flush()
    assert daily_hits("慈善一日捐") == {today: 4, yesterday: 1}
    assert Query.objects.filter(query_string="慈善一日捐").count() == 1


@pytest.mark.django_db
def test_a_search_writes_no_statistics_until_the_batch_is_due(client, settings, org_a):
    """Counting a hit is no database work: the search's queries are the same with and without it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_STATS_FLUSH_HITS = 1000
    settings.SEARCH_STATS_FLUSH_SECONDS = 3600
    with CaptureQueriesContext(connection) as searched:
        client.get("/search/", {"q": "年度报告", "format": "json"})
    statements = [q["sql"] for q in searched.captured_queries]
    assert not [sql for sql in statements if "querydailyhits" in sql or sql.startswith(("INSERT", "UPDATE"))]
    hits, _without_results = query_log.take_pending()
    assert hits == {("年度报告", timezone.now().date()): 1}


@pytest.mark.django_db
def test_queries_are_deleted_after_the_retention_period(settings):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 30
    today = timezone.localdate()
    old = Query.get("很久以前的查询")
    QueryDailyHits.objects.create(query=old, date=today - datetime.timedelta(days=40), hits=3)
    recent = Query.get("最近的查询")
    QueryDailyHits.objects.create(query=recent, date=today - datetime.timedelta(days=2), hits=1)
    call_command("searchpromotions_garbage_collect", stdout=StringIO())
    assert not Query.objects.filter(pk=old.pk).exists()
    assert Query.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group", [roles.CIVIL_AFFAIRS_REVIEWERS, roles.PROPAGANDA_EDITORS, roles.AWARD_COMMITTEE_MEMBERS]
)
def test_query_chooser_needs_the_search_promotion_permission(client, group):
    Query.get("王某某的手机").add_hit()
    login(client, make_user("staff", group))
    for name in ("wagtailsearchpromotions:chooser", "wagtailsearchpromotions:chooserresults"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
        assert "王某某" not in shown(response)


@pytest.mark.django_db
def test_organisation_account_cannot_list_queries(client, org_a):
    from disclosures.accounts import create_organisation_account

    Query.get("王某某的地址").add_hit()
    user, _password = create_organisation_account(org_a, "org-a")
    login(client, user)
    response = client.get(reverse("wagtailsearchpromotions:chooser"))
    assert response.status_code in (302, 403)
    assert "王某某" not in shown(response)


@pytest.mark.django_db
def test_site_administrators_who_manage_promotions_can_list_queries(client):
    Query.get("慈善一日捐").add_hit()
    login(client, make_user("siteadmin", roles.SITE_ADMINS))
    response = client.get(reverse("wagtailsearchpromotions:chooser"))
    assert response.status_code == 200
    assert "慈善一日捐" in response.json()["html"]


@pytest.mark.django_db
def test_a_gunicorn_worker_writes_its_pending_hits_when_it_exits(settings):
    settings.SEARCH_STATS_FLUSH_HITS = 1000
    settings.SEARCH_STATS_FLUSH_SECONDS = 3600
    query_log.count_hit("年度报告")
    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"))
    config["worker_exit"](None, None)
    assert daily_hits("年度报告") == {timezone.now().date(): 1}
