"""Every committee decision changes what it should, refuses what it must, and is in the audit log
with who did it and when (awards/decisions.py)."""

from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.models import PageLogEntry

from accounts import roles
from awards import decisions, phases
from awards.decisions import DecisionError
from awards.models import Assignment, AwardNoticePage, Nomination, NominationStatus, Objection, Score
from tests.awards.factories import make_edition, make_nomination, set_phase
from tests.factories import make_user
from wucheng_site.models import PrivateLogEntry

pytestmark = pytest.mark.django_db


def logged(nomination, action):
    """A nomination's audit-log entries (kept in the private log: wucheng_site.models.PrivateLogEntry)."""
    return PrivateLogEntry.objects.for_instance(nomination).filter(action=action)


def marks_for(edition, *values):
    return {str(c.pk): v for c, v in zip(edition.criteria.all(), values, strict=True)}


def test_assignment_is_logged_with_the_chair_and_the_time(edition, chair, member):
    nomination = make_nomination(edition)
    decisions.assign(nomination, member, chair)
    entry = logged(nomination, decisions.ASSIGN).get()
    assert entry.user == chair
    assert entry.timestamp is not None
    assert entry.data["member"] == member.username


def test_random_assignment_is_balanced_and_logged(edition, chair, member, other_member):
    third = make_user("member3", roles.AWARD_COMMITTEE_MEMBERS)
    nominations = [make_nomination(edition, name=f"被提名人{n}") for n in range(4)]
    plan = decisions.assign_at_random(edition, chair)
    assert len(plan.pairs) == 8  # 4 nominations × 2 reviewers each
    loads = [Assignment.objects.filter(member=m).count() for m in (member, other_member, third)]
    assert max(loads) - min(loads) <= 1
    assert all(n.assignments.count() == 2 for n in nominations)
    assert sum(logged(n, decisions.ASSIGN).filter(user=chair).count() for n in nominations) == 8
    # Running it again assigns nobody new.
    assert decisions.assign_at_random(edition, chair).pairs == []


def test_score_is_weighted_stored_and_logged(edition, member):
    nomination = make_nomination(edition)
    Assignment.objects.create(nomination=nomination, member=member)
    score = decisions.record_score(nomination, member, marks_for(edition, 8, 5), "很好")
    assert score.total == Decimal("68.00")  # 60×0.8 + 40×0.5
    entry = logged(nomination, decisions.SCORE).get()
    assert entry.user == member and entry.data["total"] == "68.00"


def test_an_unassigned_member_cannot_score(edition, member):
    nomination = make_nomination(edition)
    with pytest.raises(DecisionError):
        decisions.record_score(nomination, member, marks_for(edition, 8, 5))
    assert not Score.objects.exists()


def test_a_recused_member_cannot_score_and_their_score_is_withdrawn(edition, member):
    nomination = make_nomination(edition)
    assignment = Assignment.objects.create(nomination=nomination, member=member)
    decisions.record_score(nomination, member, marks_for(edition, 8, 5))
    decisions.declare_conflict(assignment, "被提名人是我的亲属", member)
    assert not Score.objects.filter(nomination=nomination).exists()
    assert logged(nomination, decisions.RECUSE).get().user == member
    with pytest.raises(DecisionError):
        decisions.record_score(nomination, member, marks_for(edition, 8, 5))


def test_only_the_member_concerned_declares_a_conflict_and_must_say_what_it_is(edition, member, other_member):
    assignment = Assignment.objects.create(nomination=make_nomination(edition), member=member)
    with pytest.raises(DecisionError):
        decisions.declare_conflict(assignment, "x", other_member)
    with pytest.raises(DecisionError):
        decisions.declare_conflict(assignment, "  ", member)
    assignment.refresh_from_db()
    assert not assignment.recused


def test_scoring_closes_with_the_public_notice(member):
    edition = make_edition(phases.Phase.NOTICE)
    nomination = make_nomination(edition)
    Assignment.objects.create(nomination=nomination, member=member)
    with pytest.raises(DecisionError):
        decisions.record_score(nomination, member, marks_for(edition, 8, 5))


@pytest.mark.parametrize(
    "decision,start,end,action",
    [
        ("admit", NominationStatus.RECEIVED, NominationStatus.IN_REVIEW, decisions.ADMIT),
        ("shortlist", NominationStatus.IN_REVIEW, NominationStatus.SHORTLISTED, decisions.SHORTLIST),
        ("reject", NominationStatus.IN_REVIEW, NominationStatus.REJECTED, decisions.REJECT),
        ("revoke", NominationStatus.SHORTLISTED, NominationStatus.REVOKED, decisions.REVOKE),
    ],
)
def test_each_decision_changes_the_status_saves_a_revision_and_is_logged(
    edition, chair, decision, start, end, action
):
    nomination = make_nomination(edition, status=start)
    revisions = nomination.revisions.count()
    decisions.decide(
        nomination, decision, chair, reason="不符合条件" if decision in ("reject", "revoke") else ""
    )
    nomination.refresh_from_db()
    assert nomination.status == end
    assert nomination.revisions.count() == revisions + 1
    assert logged(nomination, action).get().user == chair


def test_reject_and_revoke_need_a_reason(edition, chair):
    nomination = make_nomination(edition)
    for decision in ("reject", "revoke"):
        with pytest.raises(DecisionError):
            decisions.decide(nomination, decision, chair, reason="")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.IN_REVIEW


def test_a_decision_that_does_not_fit_the_status_changes_nothing(edition, chair):
    nomination = make_nomination(edition, status=NominationStatus.RECEIVED)
    with pytest.raises(DecisionError):
        decisions.decide(nomination, "winner", chair, citation="x")
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.RECEIVED
    assert not logged(nomination, decisions.CONFIRM_WINNER).exists()


def test_publishing_the_shortlist_creates_the_notice_page_and_logs_it(edition, chair):
    make_nomination(edition, status=NominationStatus.SHORTLISTED)
    notice = decisions.publish_shortlist(edition, chair)
    assert notice.live and notice.get_parent().pk == edition.pk
    assert PageLogEntry.objects.filter(page=edition, action=decisions.PUBLISH_SHORTLIST, user=chair).exists()
    # Republishing reuses the page.
    decisions.publish_shortlist(edition, chair)
    assert AwardNoticePage.objects.child_of(edition).count() == 1


def test_an_empty_shortlist_is_not_published(edition, chair):
    with pytest.raises(DecisionError):
        decisions.publish_shortlist(edition, chair)
    assert not AwardNoticePage.objects.child_of(edition).exists()


def test_objection_intake_only_during_the_notice_and_only_about_the_shortlist(chair):
    edition = make_edition(phases.Phase.NOTICE)
    shortlisted = make_nomination(edition, status=NominationStatus.SHORTLISTED)
    other = make_nomination(edition, name="未入围", status=NominationStatus.REJECTED)
    notice = decisions.publish_shortlist(edition, chair, now=_during_review(edition))
    data = {"name": "王某", "contact": "13900002222", "grounds": "事迹与实际情况不符，请核实。"}
    objection = decisions.receive_objection(notice, shortlisted, data)
    assert objection.reference.startswith("YY-")
    assert logged(shortlisted, decisions.RECEIVE_OBJECTION).exists()
    with pytest.raises(DecisionError):
        decisions.receive_objection(notice, other, data)
    set_phase(edition, phases.Phase.CONFIRMATION)
    with pytest.raises(DecisionError):
        decisions.receive_objection(notice, shortlisted, data)
    assert Objection.objects.count() == 1


def _during_review(edition):
    import datetime

    return edition.review_starts + datetime.timedelta(days=1)


def test_winner_confirmed_after_the_notice_publishes_the_winner_page_with_its_citation(chair, org_a):
    edition = make_edition(phases.Phase.CONFIRMATION)
    nomination = make_nomination(edition, status=NominationStatus.SHORTLISTED)
    nomination.organisation = org_a
    nomination.save()
    decisions.decide(nomination, "winner", chair, citation="长期资助困难学生。")
    nomination.refresh_from_db()
    page = nomination.winner_page
    assert nomination.status == NominationStatus.WINNER and page.live
    assert "长期资助困难学生" in page.citation
    assert page.organisation_id == org_a.pk
    assert logged(nomination, decisions.CONFIRM_WINNER).get().user == chair


def test_winners_cannot_be_confirmed_during_the_notice_or_with_an_open_objection(chair):
    edition = make_edition(phases.Phase.NOTICE)
    nomination = make_nomination(edition, status=NominationStatus.SHORTLISTED)
    with translation.override("en"), pytest.raises(DecisionError, match="after the public notice"):
        decisions.decide(nomination, "winner", chair, citation="x")
    notice = decisions.publish_shortlist(edition, chair)
    objection = decisions.receive_objection(
        notice, nomination, {"name": "王", "contact": "139", "grounds": "不实"}
    )
    set_phase(edition, phases.Phase.CONFIRMATION)
    with translation.override("en"), pytest.raises(DecisionError, match="objection"):
        decisions.decide(nomination, "winner", chair, citation="x")
    decisions.handle_objection(objection, "dismissed", "经核实，事迹属实。", chair)
    assert logged(nomination, decisions.HANDLE_OBJECTION).get().user == chair
    decisions.decide(nomination, "winner", chair, citation="事迹属实。")
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.WINNER


def test_revoking_a_winner_unpublishes_the_winner_page(chair):
    edition = make_edition(phases.Phase.CONFIRMATION)
    nomination = make_nomination(edition, status=NominationStatus.SHORTLISTED)
    decisions.decide(nomination, "winner", chair, citation="事迹属实。")
    decisions.decide(nomination, "revoke", chair, reason="发现弄虚作假")
    nomination.refresh_from_db()
    nomination.winner_page.refresh_from_db()
    assert nomination.status == NominationStatus.REVOKED
    assert not nomination.winner_page.live
    assert logged(nomination, decisions.REVOKE).get().data["reason"] == "发现弄虚作假"


def test_no_more_winners_than_the_category_quota(chair):
    edition = make_edition(phases.Phase.CONFIRMATION, slug="quota")
    first, second = (
        make_nomination(edition, name=n, status=NominationStatus.SHORTLISTED, kind="enterprise")
        for n in ("甲公司", "乙公司")
    )
    decisions.decide(first, "winner", chair, citation="事迹突出。")  # the enterprise category's quota is 1
    with pytest.raises(DecisionError):
        decisions.decide(second, "winner", chair, citation="事迹突出。")
    assert Nomination.objects.get(pk=second.pk).status == NominationStatus.SHORTLISTED
