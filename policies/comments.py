"""Receiving a public comment on a draft policy (the domain write behind the comment form), and what
anyone holding its reference may learn of it (the status look-up)."""

import datetime
import re
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wucheng_site.public_forms import unique_reference

from .models import PolicyComment

COMMENT_PREFIX = "YJ"  # 意见

# YJ-<day>-<6 characters> (wucheng_site.public_forms.new_reference draws them from REFERENCE_ALPHABET;
# any letter or digit is let through, as references made otherwise, such as the demo's, have others).
# The form refuses anything else before looking it up.
REFERENCE_PATTERN = re.compile(rf"{COMMENT_PREFIX}-\d{{8}}-[0-9A-Z]{{6}}")


def receive_comment(page, data):
    """Keep a comment on ``page`` (any language: comments belong to the Chinese source page), privately:
    staff moderate it before anything of it is published."""
    return PolicyComment.objects.create(
        policy=page.source_page,
        reference=unique_reference(COMMENT_PREFIX, PolicyComment),
        section=data["section"],
        body=data["body"],
        name=data["name"],
        contact=data["contact"],
    )


# What the status page calls each moderation state (the admin's labels are for staff).
PUBLIC_STATES = {
    PolicyComment.Moderation.PENDING: _("Received, awaiting moderation"),
    PolicyComment.Moderation.PUBLISHED: _("Published"),
    PolicyComment.Moderation.WITHHELD: _("Not published"),
}


@dataclass(frozen=True)
class CommentStatus:
    """What a reference opens: the state, and only what is public anyway.

    The reference is all a visitor shows, and it may have been seen over a shoulder or in a screenshot,
    so nothing personal is here (PIPL): never the name or contact; the text, the part commented on,
    the adoption decision and the reply only once the comment is published, when the policy page shows
    them to everyone.
    """

    reference: str
    policy_id: int
    received_on: datetime.date
    state: str
    state_label: str
    section: str = ""
    text: str = ""
    adoption: str = ""
    reply: str = ""

    @property
    def published(self) -> bool:
        return self.state == PolicyComment.Moderation.PUBLISHED

    @property
    def withheld(self) -> bool:
        return self.state == PolicyComment.Moderation.WITHHELD


def comment_status(reference):
    """The ``CommentStatus`` of the comment with ``reference`` (already normalised), or None. One query."""
    comment = (
        PolicyComment.objects.filter(reference=reference)
        .only(
            "reference", "policy_id", "submitted_at", "moderation", "section", "body", "adoption", "response"
        )
        .first()
    )
    if comment is None:
        return None
    status = CommentStatus(
        reference=comment.reference,
        policy_id=comment.policy_id,
        received_on=timezone.localdate(comment.submitted_at),
        state=comment.moderation,
        state_label=PUBLIC_STATES.get(comment.moderation, PUBLIC_STATES[PolicyComment.Moderation.PENDING]),
    )
    if comment.moderation != PolicyComment.Moderation.PUBLISHED:
        return status
    return replace(
        status,
        section=comment.section,
        text=comment.body,
        adoption=str(comment.get_adoption_display()) if comment.adoption else "",
        reply=comment.response,
    )
