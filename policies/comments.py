"""Receiving a public comment on a draft policy: the domain write behind the comment form."""

from wucheng_site.public_forms import unique_reference

from .models import PolicyComment

COMMENT_PREFIX = "YJ"  # 意见


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
