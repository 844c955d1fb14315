"""The committee chair's dashboard: the current edition's phase, its nominations screened, reviewed and
scored, and what waits for the chair — for the chair only, in a bounded number of queries."""

import pytest
from django.urls import reverse

from accounts import roles
from awards import dashboard, decisions, phases
from awards.models import NominationStatus
from tests.awards.factories import make_edition, make_nomination
from tests.factories import login, make_user, soup


def panel(client):
    return soup(client.get(reverse("wagtailadmin_home"))).find(attrs={"data-dashboard": "edition-progress"})


def count(section, name):
    return int(section.find(attrs={"data-count": name}).get_text())


@pytest.fixture
def review_edition(db, chair, member, other_member):
    """An edition in committee review: 2 nominations to screen, 3 in review (one scored by both its
    reviewers, one with a single reviewer), 1 rejected; an older, announced edition beside it."""
    make_edition(phases.Phase.ANNOUNCED, slug="older", year=2020, title="往届")
    edition = make_edition(phases.Phase.REVIEW, title="第九届婺城慈善奖")
    for n in range(2):
        make_nomination(
            edition, name=f"待筛查{n}", status=NominationStatus.RECEIVED, contact=f"1380000100{n}"
        )
    scored = make_nomination(edition, name="已评分", contact="13800002001")
    half = make_nomination(edition, name="缺评审", contact="13800002002")
    make_nomination(edition, name="未分配", contact="13800002003")
    make_nomination(edition, name="不予受理", status=NominationStatus.REJECTED, contact="13800002004")
    for reviewer in (member, other_member):
        decisions.assign(scored, reviewer, chair)
        decisions.record_score(scored, reviewer, {str(c.pk): 8 for c in edition.criteria.all()})
    decisions.assign(half, member, chair)
    return edition


@pytest.mark.django_db
def test_chair_sees_the_current_editions_phase_counts_and_what_waits(client, chair, review_edition):
    login(client, chair)
    section = panel(client)
    assert "第九届婺城慈善奖" in section.get_text(), "the edition not yet announced, not the older one"
    assert str(phases.Phase.REVIEW.label) in section.find(attrs={"data-phase": True}).get_text()
    assert count(section, "total") == 6
    assert count(section, "screened") == 4
    assert count(section, "in_review") == 3
    assert count(section, "fully_scored") == 1
    assert count(section, "scores") == 2
    waiting = section.find(attrs={"data-list": "waiting"}).get_text(" ", strip=True)
    assert "2 " in waiting and "1 " in waiting
    links = [a["href"] for a in section.find_all("a")]
    assert reverse("award_review:edition", args=[review_edition.pk]) in links
    assert client.get(reverse("award_review:edition", args=[review_edition.pk])).status_code == 200


def test_waiting_for_chair_follows_the_phase():
    counts = {"to_screen": 2, "short_of_reviewers": 1, "fully_scored": 3, "shortlisted": 4}
    assert [n for _m, n in dashboard.waiting_for_chair(phases.Phase.NOMINATION, counts, 0)] == []
    assert [n for _m, n in dashboard.waiting_for_chair(phases.Phase.REVIEW, counts, 0)] == [2, 1, 3]
    assert [n for _m, n in dashboard.waiting_for_chair(phases.Phase.NOTICE, counts, 5)] == [2, 3, 5]
    assert [n for _m, n in dashboard.waiting_for_chair(phases.Phase.CONFIRMATION, counts, 0)] == [2, 4]


@pytest.mark.django_db
def test_edition_panel_is_for_the_chair_only(client, member, org_a, review_edition):
    for user in (
        member,
        make_user("e-editor", roles.PROPAGANDA_EDITORS),
        make_user("e-rev", roles.CIVIL_AFFAIRS_REVIEWERS),
    ):
        login(client, user)
        assert panel(client) is None, user.username
        client.logout()


@pytest.mark.django_db
def test_edition_panel_queries_are_bounded(chair, review_edition, django_assert_max_num_queries):
    for n in range(10):
        make_nomination(review_edition, name=f"更多{n}", contact=f"1390000{n:04d}")
    # The default locale, the editions, the nominations' counts, the open objections.
    with django_assert_max_num_queries(4):
        context = dashboard.EditionProgressPanel().get_context_data({})
    assert context["counts"]["total"] == 16
