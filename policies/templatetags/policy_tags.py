"""The home page's policy box: drafts open for comment now, and the latest policies."""

from django import template
from django.utils import timezone

from policies import tracker
from policies.models import PolicyDocumentPage
from wucheng_site.page_queries import active_locale_id, public

register = template.Library()


@register.inclusion_tag("policies/includes/home_policies.html", takes_context=True)
def policy_highlights(context, limit=3):
    """Two queries (the view restrictions and locales are read once per request)."""
    request = context.get("request")
    today = timezone.localdate()
    pages = public(PolicyDocumentPage.objects.live().filter(locale_id=active_locale_id()), request)
    open_for_comment = [
        page
        for page in pages.filter(
            status=tracker.PolicyStatus.DRAFT, comment_opens_on__lte=today, comment_closes_on__gte=today
        )
        .order_by("comment_closes_on")
        .defer_streamfields()[:limit]
        if page.comment_state(today) == tracker.CommentWindow.OPEN
    ]
    latest = list(
        pages.exclude(status=tracker.PolicyStatus.DRAFT)
        .order_by("-issued_on", "-pk")
        .defer_streamfields()[:limit]
    )
    return {"open_for_comment": open_for_comment, "latest_policies": latest, "request": request}
