"""Admin for the award committee: the review ViewSet, its menu item, and the audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from wucheng_site.models import PrivateLogEntry

from . import decisions
from .admin_views import AwardReviewViewSet
from .models import Nomination

LOG_ACTIONS = {
    decisions.RECEIVE_NOMINATION: (
        _("Nomination received"),
        _("Nomination received through the public form"),
    ),
    decisions.RECEIVE_OBJECTION: (_("Objection received"), _("Objection received during the public notice")),
    decisions.ASSIGN: (_("Assign reviewer"), _("Assigned to a committee member")),
    decisions.RECUSE: (_("Recusal"), _("Committee member declared a conflict of interest and is recused")),
    decisions.SCORE: (_("Score"), _("Scored")),
    decisions.ADMIT: (_("Admit to review"), _("Found eligible and admitted to committee review")),
    decisions.SHORTLIST: (_("Shortlist"), _("Shortlisted")),
    decisions.REJECT: (_("Reject"), _("Rejected")),
    decisions.CONFIRM_WINNER: (_("Confirm winner"), _("Confirmed as winner")),
    decisions.REVOKE: (_("Revoke"), _("Revoked")),
    decisions.PUBLISH_SHORTLIST: (_("Publish shortlist"), _("Shortlist published for public notice")),
    decisions.HANDLE_OBJECTION: (_("Handle objection"), _("Objection answered")),
}


@hooks.register("register_log_actions")
def register_award_log_actions(actions):
    # Nomination entries are visible only to those who may view the nomination (wucheng_site.models).
    actions.register_model(Nomination, PrivateLogEntry)
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_award_review_viewset():
    return AwardReviewViewSet("award_review", url_prefix="award-review")


@hooks.register("construct_homepage_panels")
def add_edition_progress_panel(request, panels):
    """The committee chair's dashboard: the current edition's progress (dashboard.py)."""
    from .dashboard import panels_for

    panels.extend(panels_for(request))
