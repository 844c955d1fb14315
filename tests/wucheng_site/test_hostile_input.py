"""No 5xx from any input (issue 11, item 5).

A table of hostile values (digits ``isdigit()`` accepts and ``int()`` refuses, numbers beyond a
64-bit column, NUL characters PostgreSQL refuses in text, very long and search-syntax text,
percent-escapes that are not UTF-8) is sent to every public URL that takes parameters, one parameter
at a time, and to the admin's routes and filters as a superuser. Each answer must be below 500; a
failing subtest names the URL, the parameter and the value.

Every request runs in a savepoint: on PostgreSQL a database error aborts the test's transaction, and
the requests after it would otherwise all fail for that reason instead of their own.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.models import PageLogEntry

from accounts import roles
from awards import decisions, phases
from oversight.models import OversightIndexPage
from stories.models import StoryIndexPage
from tests.awards.factories import make_edition, make_nomination
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_user, section
from tests.policies.factories import make_policy, set_comment_period
from tests.stories.factories import add_story

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "9223372036854775808"  # one more than a signed 64-bit column holds
HOSTILE = [
    "²",  # superscript two: isdigit() is true, int() raises
    "①",  # circled one: the same
    "１２",  # full-width digits: int() reads them
    "-1",
    "9223372036854775807",  # the largest 64-bit id
    BEYOND_64_BITS,
    "a\x00b",  # NUL: PostgreSQL refuses it in text
    "x" * 5000,
    "中" * 400,  # about 400 Han characters overflowed SQLite's FTS5 query parser
    '"a OR -b NEAR(c d) *',  # search syntax, with a quote left open
    "a(" * 3000,  # brackets nested deeper than a recursive parser goes
    "%_\\'",
    "\u202e\ufffd\U0001f600",
    "",
]
# Raw query strings: percent-escapes that are not UTF-8, and a parameter given twice.
RAW = ["%ff%fe", "%e4%b8", "1&{key}=%C2%B2"]


def answer(client, method, path, data=None, **extra):
    """The status of one request, or a description of the crash (a 500 in production)."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, data, **extra)
    except Exception as error:  # any crash is the finding: report it
        return f"500 ({type(error).__name__}: {str(error)[:200]})"
    return response.status_code


def crashed(status):
    return not isinstance(status, int) or status >= 500


def probe_get(subtests, client, url, params, base=None, together=()):
    """Each parameter of ``url`` with each hostile value (the others as in ``base``); the choice
    parameters ``together`` all at once (a form checks each of its fields, whatever the others hold)."""
    for value in HOSTILE if together else ():
        status = answer(client, "get", url, {**(base or {}), **dict.fromkeys(together, value)})
        with subtests.test(url=url, params=together, value=value[:40]):
            assert not crashed(status), status
    for key in params:
        for value in HOSTILE:
            status = answer(client, "get", url, {**(base or {}), key: value})
            with subtests.test(url=url, param=key, value=value[:40]):
                assert not crashed(status), status
        for raw in RAW:
            query = "&".join([*(f"{k}={v}" for k, v in (base or {}).items()), f"{key}={raw.format(key=key)}"])
            status = answer(client, "get", f"{url}?{query}")
            with subtests.test(url=url, param=key, raw=raw):
                assert not crashed(status), status


def probe_post(subtests, client, url, valid, fields=None):
    """Each field of a valid submission ``valid`` replaced by each hostile value. The rate limit is
    reset before each, so that every submission reaches the form and the code behind it."""
    for key in fields or valid:
        for value in HOSTILE:
            cache.clear()
            status = answer(client, "post", url, {**valid, key: value})
            with subtests.test(url=url, field=key, value=value[:40]):
                assert not crashed(status), status


def probe_paths(subtests, client, template, values=None):
    for value in values or HOSTILE_PATH_PARTS:
        url = template.format(value)
        status = answer(client, "get", url)
        with subtests.test(url=url[:120]):
            assert not crashed(status), status


HOSTILE_PATH_PARTS = [
    "0",
    "9223372036854775807",
    BEYOND_64_BITS,
    "99999999999999999999999",
    "%C2%B2",
    "%EF%BC%91",  # full-width one
    "%00",
    "%ff",
    "x" * 300,
]


@pytest.fixture
def client():
    return Client()


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_site_search_and_suggest_answer_every_value(subtests, client):
    probe_get(
        subtests, client, "/search/", ["q", "page", "org", "year"], {"q": "慈善"}, ["format", "type", "dtype"]
    )
    probe_get(subtests, client, "/search/", ["q", "org"], {"q": "慈善", "format": "json"})
    probe_get(subtests, client, "/search/suggest/", ["q"])


def test_api_answers_every_value_with_a_clear_status(subtests, client, org_a):
    # Wagtail answers an error in one parameter before reading the next: one at a time. ancestor_of
    # and descendant_of are read like child_of.
    listing = ["search", "offset", "limit", "type", "fields", "order", "child_of", "translation_of", "locale"]
    probe_get(subtests, client, "/api/v2/pages/", [*listing, "site", "id", "slug"], {"limit": "1"})
    probe_get(
        subtests, client, "/api/v2/pages/", ["search_operator", "offset"], {"search": "慈善", "limit": "1"}
    )
    page = add_disclosure(org_a, "年度工作报告")
    probe_get(subtests, client, f"/api/v2/pages/{page.pk}/", ["fields"])
    probe_get(subtests, client, "/api/v2/pages/find/", ["id", "html_path"])
    probe_paths(subtests, client, "/api/v2/pages/{}/")
    probe_paths(subtests, client, "/api/v2/pages/{}/?type=disclosures.DisclosurePage")


def test_listings_answer_every_filter_and_page_value(subtests, client, org_a):
    # One item in each listing, so that filters and pages run over rows, not an empty table.
    add_disclosure(org_a, "年度工作报告")
    add_story(section(StoryIndexPage), "助学故事", tags=["助学"])
    make_policy()
    choices = ["kind", "fundraising", "rating", "town", "status", "sort"]
    probe_get(subtests, client, "/disclosures/", ["q", "page"], together=choices)
    probe_get(
        subtests, client, "/disclosures/compliance/", [], together=["kind", "fundraising", "town", "status"]
    )
    probe_get(subtests, client, "/policies/", ["page"], together=["status", "body", "year"])
    probe_get(subtests, client, "/stories/", ["page"], together=["category", "tag", "year"])


def test_disclosure_history_and_open_data_routes_answer_every_value(subtests, client, org_a):
    # A disclosure published twice (a correction), so its history has more than one version.
    page = add_disclosure(org_a, "年度工作报告")
    page.body = "<p>更正后的内容</p>"
    page.save_revision().publish(skip_permission_checks=True)
    probe_paths(subtests, client, page.url + "history/{}/")
    published = PageLogEntry.objects.filter(page=page, action="wagtail.publish").values_list(
        "revision_id", flat=True
    )
    assert len(published) == 2
    probe_paths(subtests, client, page.url + "history/{}/", [str(pk) for pk in published])
    names = [
        "disclosures.csv",
        "disclosures.CSV",
        "x.y",
        ".csv",
        "disclosures.csv.json",
        "%ff.csv",
        "%00.json",
    ]
    probe_paths(subtests, client, "/open-data/{}", names + [f"{part}.json" for part in HOSTILE_PATH_PARTS])
    probe_paths(subtests, client, "/en/open-data/{}", ["disclosures.json"])


def test_report_form_and_status_page_answer_every_value(subtests, client, org_a):
    oversight = OversightIndexPage.objects.get(locale__language_code="zh-hans")
    for url in ("/report-a-concern/", "/en/report-a-concern/", oversight.url + "report/"):
        probe_get(subtests, client, url, ["organisation"])
    report = {
        "organisation": str(org_a.pk),
        "organisation_name": "",
        "description": "该组织在活动中收取费用，没有公开账目。",
        "reporter_name": "",
        "reporter_contact": "",
        "consent": "on",
    }
    probe_post(
        subtests,
        client,
        oversight.url + "report/",
        report,
        fields=["organisation", "organisation_name", "description", "reporter_contact"],
    )
    probe_post(
        subtests, client, oversight.url + "report/status/", {"reference": "JB-20260101-ABCDEF", "token": "x"}
    )


def test_award_forms_and_status_page_answer_every_value(subtests, client):
    chair = make_user("hostile-chair", roles.AWARD_COMMITTEE_CHAIR)
    open_edition = make_edition(phases.Phase.NOMINATION, slug="hostile-open")
    nomination = {
        "category": str(open_edition.categories.get(nominee_kind="individual").pk),
        "nominee_name": "陈善人",
        "nominee_kind": "individual",
        "locality": "汤溪镇",
        "deeds": "十年来每周到敬老院义务理发，并资助三名困难学生完成学业。",
        "amount": "",
        "nominator_name": "刘提名",
        "nominator_contact": "138 0000 1234",
        "consent": "on",
    }
    probe_post(
        subtests,
        client,
        open_edition.url + "nominate/",
        nomination,
        fields=["category", "nominee_kind", "deeds", "amount", "nominator_contact"],
    )
    probe_post(
        subtests,
        client,
        open_edition.url + "status/",
        {"reference": "TM-2026-0001", "contact": "13800001111"},
    )

    notice_edition = make_edition(phases.Phase.NOTICE, slug="hostile-notice")
    shortlisted = make_nomination(notice_edition, status="shortlisted")
    notice = decisions.publish_shortlist(notice_edition, chair)
    objection = {
        "nomination": str(shortlisted.pk),
        "grounds": "该对象的捐赠金额与事实不符。",
        "name": "何某",
        "contact": "13600001111",
        "consent": "on",
    }
    probe_post(
        subtests, client, notice.url + "objection/", objection, fields=["nomination", "grounds", "contact"]
    )


def test_policy_comment_form_answers_every_value(subtests, client):
    plan = set_comment_period(make_policy("慈善事业发展规划（征求意见稿）"), -3, 10)
    comment = {
        "section": "任务清单第3项",
        "body": "建议增加社区慈善项目的公开频次。",
        "name": "",
        "contact": "",
    }
    probe_post(subtests, client, plan.url + "comment/", {**comment, "consent": "on"}, fields=comment)


def test_display_mode_form_answers_every_value(subtests, client):
    probe_post(subtests, client, "/display-mode/", {"mode": "large", "next": "/about/"})


def test_admin_routes_and_filters_answer_every_value_for_a_superuser(subtests, client):
    login(client, make_user("hostile-admin", superuser=True))
    edition = make_edition(phases.Phase.REVIEW, slug="hostile-review")
    nomination = make_nomination(edition)
    huge = ["9223372036854775807", BEYOND_64_BITS, "99999999999999999999999"]
    for template in (
        "/admin/award-review/nomination/{}/",
        "/admin/award-review/edition/{}/",
        f"/admin/award-review/nomination/{nomination.pk}/file/{{}}/",
        "/admin/award-review/nomination/{}/file/1/",
        "/admin/oversight/reports/{}/evidence/1/",
        "/admin/oversight/reports/edit/{}/",
        "/admin/oversight/reports/inspect/{}/",
        "/admin/oversight/reports/delete/{}/",
        "/admin/oversight/serious-violations/edit/{}/",
        "/admin/pages/{}/",
        "/admin/pages/{}/edit/",
        "/admin/documents/edit/{}/",
    ):
        probe_paths(subtests, client, template, huge)
    probe_get(subtests, client, "/admin/award-review/", ["edition"])
    probe_get(subtests, client, "/admin/oversight/reports/", ["status", "overdue", "q", "p"])
    probe_get(subtests, client, "/admin/oversight/serious-violations/", ["removed_on"])
    probe_post(
        subtests,
        client,
        f"/admin/award-review/nomination/{nomination.pk}/",
        {"action": "objection", "objection": "1", "outcome": "dismissed", "response": "不成立"},
        fields=["objection"],
    )
