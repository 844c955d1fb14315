"""The one public-form flow (wucheng_site/form_flow.py): every public form gives the same answers.

Each case builds an open form with factories; the same tests then run on the four: nominations,
objections, policy comments and reports of concern (docs/public-forms.md, "One flow").
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from awards import decisions
from awards.models import Nomination, Objection
from awards.phases import Phase
from oversight.models import OversightIndexPage, Report
from policies.models import PolicyComment
from tests.awards.factories import make_edition, make_nomination
from tests.factories import make_user, section
from tests.policies.factories import make_policy, set_comment_period

pytestmark = pytest.mark.django_db

TYPED = "十年如一日资助困难学生的独特文字Q9"  # typed into the main text field of every case
REFERENCE = re.compile(r"^(TM|YY|YJ|JB)-\d{8}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$")


@dataclass
class Case:
    url: str
    thanks_url: str
    data: dict[str, Any]
    text_field: str
    model: Any

    def stored(self):
        return self.model.objects.filter(**{f"{self.text_field}__contains": TYPED}).count()


def nomination_case():
    edition = make_edition(Phase.NOMINATION, slug="flow-nomination")
    data = {
        "category": str(edition.categories.get(nominee_kind="individual").pk),
        "nominee_name": "陈善人",
        "nominee_kind": "individual",
        "locality": "汤溪镇",
        "deeds": TYPED + "，并组织志愿者开展助老服务。",
        "nominator_name": "刘提名",
        "nominator_contact": "13800001234",
        "consent": "on",
    }
    url = edition.url + "nominate/"
    return Case(url, url + "thanks/", data, "deeds", Nomination)


def objection_case():
    edition = make_edition(Phase.NOTICE, slug="flow-objection")
    nomination = make_nomination(edition, status="shortlisted")
    notice = decisions.publish_shortlist(edition, make_user("flow-chair", "评审委员会主任"))
    data = {
        "nomination": nomination.pk,
        "grounds": TYPED + "，捐赠金额与事实不符。",
        "name": "何某",
        "contact": "13600001111",
        "consent": "on",
    }
    url = notice.url + "objection/"
    return Case(url, url + "thanks/", data, "grounds", Objection)


def comment_case():
    policy = set_comment_period(make_policy("流程测试政策"), -3, 10)
    data = {"section": "第一条", "body": TYPED, "name": "张意见", "contact": "13912345678", "consent": "on"}
    url = policy.url + "comment/"
    return Case(url, url + "thanks/", data, "body", PolicyComment)


def report_case():
    oversight = section(OversightIndexPage)
    data = {
        "organisation_name": "某某互助会",
        "description": TYPED,
        "reporter_name": "张举报",
        "consent": "on",
    }
    url = oversight.url + "report/"
    return Case(url, url + "thanks/", data, "description", Report)


CASES = {
    "nomination": nomination_case,
    "objection": objection_case,
    "comment": comment_case,
    "report": report_case,
}


@pytest.fixture(params=list(CASES))
def case(request):
    cache.clear()  # rate limits live in the cache, which outlives the rolled-back database
    yield CASES[request.param]()
    cache.clear()


def test_get_shows_the_form(client, case):
    response = client.get(case.url)
    assert response.status_code == 200
    assert '<form class="public-form"' in response.content.decode()


def test_accepted_redirects_to_the_thanks_page_which_shows_the_reference_once(client, case):
    response = client.post(case.url, case.data)
    assert response.status_code == 303 and response["Location"] == case.thanks_url
    assert case.stored() == 1
    assert "sessionid" not in response.cookies  # no session opened for an anonymous visitor
    thanks = client.get(case.thanks_url)
    assert thanks.status_code == 200 and thanks["Cache-Control"] == "private, no-store"
    reference = thanks.context["reference"]
    assert REFERENCE.match(reference) and reference in thanks.content.decode()
    assert case.model.objects.get(reference=reference)
    # Once: the thanks page deleted the cookie; a reload shows the thanks without the reference.
    again = client.get(case.thanks_url)
    assert again.status_code == 200 and reference not in again.content.decode()


def test_invalid_input_is_400_with_the_errors_and_what_was_typed(client, case):
    response = client.post(case.url, {**case.data, "consent": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html and 'href="#id_consent"' in html
    assert TYPED in html
    assert case.stored() == 0


def test_a_bot_gets_the_same_answer_and_nothing_is_kept(client, case):
    real = client.post(case.url, case.data)
    real_thanks = client.get(case.thanks_url)
    bot = client.post(case.url, {**case.data, "website": "http://spam.example"})
    assert (bot.status_code, bot["Location"], set(bot.cookies)) == (
        real.status_code,
        real["Location"],
        set(real.cookies),
    )
    thanks = client.get(case.thanks_url)
    assert thanks.status_code == 200
    assert REFERENCE.match(thanks.context["reference"])
    assert set(thanks.context.keys()) == set(real_thanks.context.keys())  # same keys shown
    assert case.stored() == 1  # the real one only
    assert not case.model.objects.filter(reference=thanks.context["reference"]).exists()


def test_over_the_rate_limit_is_429_and_nothing_typed_is_lost(client, case, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 3600)
    assert client.post(case.url, case.data).status_code == 303
    response = client.post(case.url, case.data)
    assert response.status_code == 429
    assert TYPED in response.content.decode()
    assert case.stored() == 1


def test_a_forged_or_foreign_confirmation_cookie_shows_nothing(client, case):
    """The cookie is signed per form: one made up, or one from another form, is ignored."""
    client.post(case.url, case.data)
    name = next(iter(client.cookies))
    client.cookies[name] = "eyJyZWZlcmVuY2UiOiJGQUtFIn0:forged:signature"
    thanks = client.get(case.thanks_url)
    assert thanks.status_code == 200 and "reference" not in thanks.context
    assert "FAKE" not in thanks.content.decode()


def test_the_confirmation_cookie_is_private_and_short_lived(client, case):
    response = client.post(case.url, case.data)
    (cookie,) = response.cookies.values()
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == case.thanks_url and 0 < int(cookie["max-age"]) <= 600
