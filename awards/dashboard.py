"""The award committee chair's dashboard panel: where the current edition stands and what waits for
the chair (docs/dashboards.md).

The phase comes from ``phases`` (the edition's dates); the counts from one query over the edition's
nominations and one over its objections, so the panel costs the same whatever the number of
nominations. The work itself is done in the chair's edition overview (``admin_views``).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from accounts import roles

from . import phases
from .models import AwardEditionPage, NominationStatus, Objection, ObjectionStatus
from .phases import Phase


def is_chair_member(user):
    """Members of the chair's group (not superusers, who hold every permission but not this job)."""
    return user.is_authenticated and user.groups.filter(name=roles.AWARD_COMMITTEE_CHAIR).exists()


def current_edition(now=None):
    """The newest edition not yet announced, else the newest edition (None if there is none)."""
    editions = list(AwardEditionPage.objects.filter(locale=Locale.get_default()).order_by("-year", "-pk")[:5])
    return next((e for e in editions if e.phase(now) != Phase.ANNOUNCED), editions[0] if editions else None)


def progress(edition):
    """Counts of the edition's nominations at each step (one query)."""
    reviewers = Count("assignments", filter=Q(assignments__recused=False), distinct=True)
    scored = Count("scores", distinct=True)
    rows = list(
        edition.nominations.annotate(reviewers=reviewers, scored=scored).values_list(
            "status", "reviewers", "scored"
        )
    )
    in_review = [(r, s) for status, r, s in rows if status == NominationStatus.IN_REVIEW]
    wanted = edition.reviewers_per_nomination
    return {
        "total": len(rows),
        "to_screen": sum(1 for status, _r, _s in rows if status == NominationStatus.RECEIVED),
        "screened": sum(1 for status, _r, _s in rows if status != NominationStatus.RECEIVED),
        "in_review": len(in_review),
        "short_of_reviewers": sum(1 for r, _s in in_review if r < wanted),
        "fully_scored": sum(1 for r, s in in_review if r and s >= r),
        "scores": sum(s for _r, s in in_review),
        "shortlisted": sum(1 for status, _r, _s in rows if status == NominationStatus.SHORTLISTED),
        "winners": sum(1 for status, _r, _s in rows if status == NominationStatus.WINNER),
    }


def waiting_for_chair(phase, counts, open_objections):
    """[(message, count)] of what the chair should do now, in the order of the process."""
    order = phases.ORDER.index(phase)
    found = []
    if order >= phases.ORDER.index(Phase.SCREENING) and counts["to_screen"]:
        found.append((_("nominations to screen (admit to review or reject)"), counts["to_screen"]))
    if phase in (Phase.SCREENING, Phase.REVIEW) and counts["short_of_reviewers"]:
        found.append((_("nominations in review without enough reviewers"), counts["short_of_reviewers"]))
    if phase in (Phase.REVIEW, Phase.NOTICE) and counts["fully_scored"]:
        found.append(
            (_("nominations scored by all their reviewers, ready for the shortlist"), counts["fully_scored"])
        )
    if open_objections:
        found.append((_("objections to answer"), open_objections))
    if phase == Phase.CONFIRMATION and counts["shortlisted"]:
        found.append((_("shortlisted nominees to confirm or reject as winners"), counts["shortlisted"]))
    return found


class EditionProgressPanel(Component):
    name = "awards_edition_progress"
    order = 50
    template_name = "awards/admin/dashboard_edition.html"

    def __init__(self, now=None):
        self.now = now

    def get_context_data(self, parent_context):
        now = self.now or timezone.now()
        edition = current_edition(now)
        if edition is None:
            return {"edition": None}
        phase = edition.phase(now)
        counts = progress(edition)
        open_objections = Objection.objects.filter(edition=edition, status=ObjectionStatus.RECEIVED).count()
        following = phases.next_phase(edition.schedule, now)
        return {
            "edition": edition,
            "phase_label": Phase(phase).label,
            "next_phase": (Phase(following[0]).label, following[1]) if following else None,
            "counts": counts,
            "waiting": waiting_for_chair(phase, counts, open_objections),
            "overview_url": reverse("award_review:edition", args=[edition.pk]),
            "nominations_url": f"{reverse('award_review:index')}?edition={edition.pk}",
        }


def panels_for(request):
    return [EditionProgressPanel()] if is_chair_member(request.user) else []
