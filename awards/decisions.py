"""Everything that changes a nomination, an assignment, a score or an objection.

Views and the demo call these functions; each one checks the phase and the state it needs, saves,
stores a revision of the nomination where it changed, and writes an entry in Wagtail's audit log
(actions registered in ``awards.wagtail_hooks``) with the user and the time. A refused change raises
``DecisionError`` with a message for the user and changes nothing.
"""

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from wucheng_site.public_forms import normalise_contact, unique_reference

from . import phases, rubric
from .models import (
    Assignment,
    AwardNoticePage,
    AwardWinnerPage,
    Nomination,
    NominationFile,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Score,
)

ASSIGN = "awards.assign"
RECUSE = "awards.recuse"
SCORE = "awards.score"
ADMIT = "awards.admit"
SHORTLIST = "awards.shortlist"
REJECT = "awards.reject"
CONFIRM_WINNER = "awards.winner"
REVOKE = "awards.revoke"
PUBLISH_SHORTLIST = "awards.publish_shortlist"
HANDLE_OBJECTION = "awards.handle_objection"
# Reference prefixes: 提名 (nomination), 异议 (objection).
NOMINATION_PREFIX = "TM"
OBJECTION_PREFIX = "YY"

RECEIVE_NOMINATION = "awards.receive_nomination"
RECEIVE_OBJECTION = "awards.receive_objection"


class DecisionError(Exception):
    pass


def _save(nomination, user, action, data=None):
    nomination.save()
    nomination.save_revision(user=user, log_action=False)
    log(instance=nomination, action=action, user=user, data=data or {})


# --- intake ---------------------------------------------------------------------------------------


@transaction.atomic
def receive_nomination(edition, category, cleaned, files, now=None):
    """Store a nomination from the public form (``cleaned``: the form's cleaned data)."""
    from disclosures.models import OrganisationPage

    source = edition.source
    if not phases.nominations_open(source.schedule, now or timezone.now()):
        raise DecisionError(_("Nominations for this edition are not open."))
    organisation = (
        OrganisationPage.objects.live()
        .filter(locale_id=source.locale_id, title=cleaned["nominee_name"].strip())
        .first()
    )
    nomination = Nomination(
        edition=source,
        category=category,
        reference=unique_reference(NOMINATION_PREFIX, Nomination),
        nominee_name=cleaned["nominee_name"].strip(),
        nominee_kind=cleaned["nominee_kind"],
        locality=cleaned["locality"],
        organisation=organisation,
        deeds=cleaned["deeds"],
        amount=cleaned.get("amount"),
        nominator_name=cleaned["nominator_name"].strip(),
        nominator_contact=cleaned["nominator_contact"].strip(),
        contact_key=normalise_contact(cleaned["nominator_contact"]),
    )
    nomination.save()
    for upload in files:
        NominationFile.objects.create(nomination=nomination, file=upload, original_name=upload.name[:200])
    nomination.save_revision(log_action=False)
    log(instance=nomination, action=RECEIVE_NOMINATION, user=None, data={"reference": nomination.reference})
    return nomination


def find_nomination(edition, reference, contact):
    """The nomination with this reference in this edition whose nominator's contact matches."""
    from wucheng_site.public_forms import normalise_reference

    return Nomination.objects.filter(
        edition=edition.source,
        reference=normalise_reference(reference),
        contact_key=normalise_contact(contact),
    ).first()


@transaction.atomic
def receive_objection(notice, nomination, cleaned, now=None):
    edition = notice.edition.source
    if not phases.objections_open(edition.schedule, now or timezone.now()):
        raise DecisionError(_("Objections can only be lodged during the public notice."))
    if nomination.edition_id != edition.pk or nomination.status != NominationStatus.SHORTLISTED:
        raise DecisionError(_("Choose a nominee on the shortlist."))
    objection = Objection.objects.create(
        edition=edition,
        nomination=nomination,
        reference=unique_reference(OBJECTION_PREFIX, Objection),
        name=cleaned["name"].strip(),
        contact=cleaned["contact"].strip(),
        grounds=cleaned["grounds"],
    )
    log(instance=nomination, action=RECEIVE_OBJECTION, user=None, data={"objection": objection.reference})
    return objection


# --- committee ------------------------------------------------------------------------------------


def assign(nomination, member, by):
    if nomination.status not in (NominationStatus.RECEIVED, NominationStatus.IN_REVIEW):
        raise DecisionError(_("Only nominations being screened or reviewed can be assigned."))
    assignment, created = Assignment.objects.get_or_create(
        nomination=nomination, member=member, defaults={"assigned_by": by}
    )
    if created:
        log(instance=nomination, action=ASSIGN, user=by, data={"member": member.get_username()})
    return assignment


def assign_at_random(edition, by, rng=None):
    """Give every nomination in review its edition's number of reviewers, balanced and at random."""
    from django.contrib.auth import get_user_model

    from .assignment import balanced_assignment
    from .permissions import committee_members

    edition = edition.source
    nominations = list(edition.nominations.filter(status=NominationStatus.IN_REVIEW))
    members = list(committee_members())
    if not members:
        raise DecisionError(_("There are no committee members to assign."))
    existing = Assignment.objects.filter(nomination__in=nominations)
    pairs = [(a.nomination_id, a.member_id) for a in existing]
    conflicts = [(a.nomination_id, a.member_id) for a in existing if a.recused]
    plan = balanced_assignment(
        [n.pk for n in nominations],
        [m.pk for m in members],
        edition.reviewers_per_nomination,
        pairs,
        conflicts,
        rng,
    )
    by_pk = {n.pk: n for n in nominations}
    users = get_user_model().objects.in_bulk([m for _, m in plan.pairs])
    with transaction.atomic():
        for nomination_pk, member_pk in plan.pairs:
            assign(by_pk[nomination_pk], users[member_pk], by)
    return plan


def declare_conflict(assignment, reason, by):
    """The member recuses themself: no score, no sight of the others' scores."""
    if assignment.member_id != by.pk:
        raise DecisionError(_("Only the member concerned can declare their conflict of interest."))
    if not reason.strip():
        raise DecisionError(_("Say what the conflict of interest is."))
    assignment.recused = True
    assignment.conflict_reason = reason.strip()
    assignment.declared_at = timezone.now()
    assignment.save()
    Score.objects.filter(nomination=assignment.nomination, member=by).delete()
    log(instance=assignment.nomination, action=RECUSE, user=by, data={"member": by.get_username()})


def criteria_of(edition):
    return [rubric.Criterion(str(c.pk), c.weight, c.max_mark) for c in edition.source.criteria.all()]


def record_score(nomination, member, marks, comment="", now=None):
    from .visibility import can_score

    assignment = Assignment.objects.filter(nomination=nomination, member=member).first()
    # Scoring may start as soon as a nomination is admitted (rolling review) and ends with the notice.
    phase = phases.phase_on(nomination.edition.schedule, now or timezone.now())
    review_open = nomination.status == NominationStatus.IN_REVIEW and phases.ORDER.index(
        phase
    ) < phases.ORDER.index(phases.Phase.NOTICE)
    if not can_score(
        is_chair=False,
        is_assigned=assignment is not None,
        is_recused=bool(assignment and assignment.recused),
        review_open=review_open,
    ):
        raise DecisionError(_("You cannot score this nomination now."))
    criteria = criteria_of(nomination.edition)
    try:
        total = rubric.weighted_score(criteria, marks)
    except rubric.RubricError as error:
        raise DecisionError(_("The marks do not fit the rubric: %(error)s") % {"error": error}) from None
    score, _created = Score.objects.update_or_create(
        nomination=nomination,
        member=member,
        defaults={
            "marks": rubric.validate_marks(criteria, marks),
            "total": total,
            "comment": comment,
            "scored_at": timezone.now(),
        },
    )
    log(
        instance=nomination,
        action=SCORE,
        user=member,
        data={"member": member.get_username(), "total": str(total)},
    )
    return score


# --- the chair's decisions ------------------------------------------------------------------------


class Decision(TextChoices):
    """The chair's decisions on a nomination; the label is what the decision form offers."""

    ADMIT = "admit", gettext_lazy("Admit to committee review (eligible)")
    SHORTLIST = "shortlist", gettext_lazy("Shortlist")
    REJECT = "reject", gettext_lazy("Reject (give the reason)")
    WINNER = "winner", gettext_lazy("Confirm as winner (write the citation)")
    REVOKE = "revoke", gettext_lazy("Revoke (give the reason)")


# decision → (statuses it applies to, status after, log action)
DECISIONS = {
    Decision.ADMIT: ((NominationStatus.RECEIVED,), NominationStatus.IN_REVIEW, ADMIT),
    Decision.SHORTLIST: ((NominationStatus.IN_REVIEW,), NominationStatus.SHORTLISTED, SHORTLIST),
    Decision.REJECT: (
        (NominationStatus.RECEIVED, NominationStatus.IN_REVIEW, NominationStatus.SHORTLISTED),
        NominationStatus.REJECTED,
        REJECT,
    ),
    Decision.WINNER: ((NominationStatus.SHORTLISTED,), NominationStatus.WINNER, CONFIRM_WINNER),
    Decision.REVOKE: (
        (NominationStatus.SHORTLISTED, NominationStatus.WINNER),
        NominationStatus.REVOKED,
        REVOKE,
    ),
}
NEEDS_REASON = {Decision.REJECT, Decision.REVOKE}


@transaction.atomic
def decide(nomination, decision, by, reason="", citation="", public_summary="", now=None):
    """Apply one of the chair's decisions; returns the nomination. ``public_summary`` (shortlist
    only) is what the public notice says about the nominee."""
    if decision not in DECISIONS:
        raise DecisionError(_("Unknown decision."))
    allowed_from, new_status, action = DECISIONS[decision]
    if nomination.status not in allowed_from:
        raise DecisionError(
            _("This decision is not possible for a nomination that is “%(status)s”.")
            % {"status": nomination.get_status_display()}
        )
    if decision in NEEDS_REASON and not reason.strip():
        raise DecisionError(_("Give the reason for this decision."))
    schedule = nomination.edition.schedule
    moment = now or timezone.now()
    if decision == Decision.WINNER:
        if not phases.winners_may_be_confirmed(schedule, moment):
            raise DecisionError(_("Winners can be confirmed only after the public notice has ended."))
        if nomination.objections.filter(status=ObjectionStatus.RECEIVED).exists():
            raise DecisionError(_("Answer every objection about this nominee first."))
        if not citation.strip():
            raise DecisionError(_("Write the citation that will be published."))
        category = nomination.category
        if category.nominations.filter(status=NominationStatus.WINNER).count() >= category.quota:
            raise DecisionError(
                _("The category “%(category)s” already has its %(quota)s winners.")
                % {"category": category.name, "quota": category.quota}
            )
        nomination.winner_page = _publish_winner_page(nomination, citation.strip(), by)
    if decision == Decision.REVOKE and nomination.winner_page_id:
        page = nomination.winner_page
        if page.live:
            page.unpublish(user=by, log_action=True)
    if decision == Decision.SHORTLIST and public_summary.strip():
        nomination.public_summary = public_summary.strip()
    nomination.status = new_status
    nomination.decision_reason = reason.strip()
    _save(nomination, by, action, {"reason": reason.strip()} if reason.strip() else {})
    return nomination


def _publish_winner_page(nomination, citation, by):
    edition = nomination.edition
    page = AwardWinnerPage(
        title=nomination.nominee_name,
        slug=_free_slug(edition, nomination),
        category=nomination.category,
        nominee_kind=nomination.nominee_kind,
        locality=nomination.locality,
        citation="".join(f"<p>{escape(line)}</p>" for line in citation.splitlines() if line.strip()),
        organisation=nomination.organisation,
        owner=by,
    )
    edition.add_child(instance=page)
    page.save_revision(user=by).publish(user=by)
    return page


def _free_slug(edition, nomination):
    base = slugify(nomination.nominee_name) or f"winner-{nomination.reference.lower()}"
    slug, n = base, 2
    while edition.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publish_shortlist(edition, by, now=None):
    """Create (or republish) the edition's notice page; the shortlist it shows is the nominations
    with status shortlisted, public fields only."""
    edition = edition.source
    if not phases.shortlist_may_be_published(edition.schedule, now or timezone.now()):
        raise DecisionError(_("The shortlist can be published during committee review or the notice."))
    if not edition.nominations.filter(status=NominationStatus.SHORTLISTED).exists():
        raise DecisionError(_("Nothing is shortlisted yet."))
    notice = AwardNoticePage.objects.child_of(edition).first()
    if notice is None:
        notice = AwardNoticePage(
            title=_("Public notice of the shortlist of the %(edition)s") % {"edition": edition.title},
            slug="notice",
            owner=by,
        )
        edition.add_child(instance=notice)
    notice.save_revision(user=by).publish(user=by)
    log(
        instance=edition,
        action=PUBLISH_SHORTLIST,
        user=by,
        data={
            "shortlisted": list(
                edition.nominations.filter(status=NominationStatus.SHORTLISTED).values_list(
                    "reference", flat=True
                )
            )
        },
    )
    return notice


def handle_objection(objection, outcome, response, by):
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise DecisionError(_("Choose whether the objection is upheld or dismissed."))
    if not response.strip():
        raise DecisionError(_("Write the response to the objection."))
    objection.status = outcome
    objection.response = response.strip()
    objection.handled_by = by
    objection.handled_at = timezone.now()
    objection.save()
    log(
        instance=objection.nomination,
        action=HANDLE_OBJECTION,
        user=by,
        data={"objection": objection.reference, "outcome": outcome},
    )
    return objection
