"""Cache-Control for every response: what the caching proxy (deploy/nginx/) may keep, and for how long.

An anonymous GET of a public page is the same for every visitor, so the proxy keeps it
(``public, max-age=0, s-maxage=PAGE_CACHE_SECONDS``: browsers revalidate, the proxy answers) and
Wagtail's frontend cache purges it when it changes (wucheng_site/frontend_cache.py). URLs with a query
string (page 2 of a listing, a filter) cannot all be purged by name, so the proxy keeps them only
PAGE_CACHE_QUERY_SECONDS.

Never shared, whatever the view says, because they differ per visitor or hold what someone typed:
- anything with a session (staff signed in, a visitor who gave a password for a restricted page),
- any response that sets a cookie (a form page hands out its CSRF token that way, the thanks page
  deletes its confirmation cookie),
- the admin, previews and documents (documents are checked against publication on every request),
- search and suggestions with a query (personal input), API answers keep Wagtail's own rules,
- any status other than 200, 301 and 404.
A view that sets its own Cache-Control (``never_cache``, the public forms' ``private, no-store``) keeps
it, except that a shared lifetime is taken away when one of the rules above applies.

nginx ignores ``Vary``: the display-mode cookie, the only cookie that changes a public page, is part of
its cache key instead, and the language is in the path. See docs/caching.md.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

CACHEABLE_STATUSES = frozenset({200, 301, 404})
# Paths whose answers are never shared; Chinese paths have no prefix, English ones start with /en/.
PRIVATE_PREFIXES = ("/admin/", "/documents/", "/healthz")
QUERY_PRIVATE_PATHS = ("/search/", "/en/search/")


def cache_policy(request, response):
    """ "public" (the proxy may keep it), "private" (only this browser), or "no-store" (nobody)."""
    if response.cookies or request.method not in ("GET", "HEAD"):
        return "no-store"
    path = request.path
    if path.startswith(QUERY_PRIVATE_PATHS) and request.GET:
        return "no-store"
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return "private"
    if path.startswith(PRIVATE_PREFIXES) or response.status_code not in CACHEABLE_STATUSES:
        return "private"
    existing = response.get("Cache-Control", "")
    if "private" in existing or "no-store" in existing or "no-cache" in existing:
        return "private"
    return "public"


class CacheControlMiddleware:
    """Outermost of the middleware that look at the answer, so it sees the cookies CSRF and sessions set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = cache_policy(request, response)
        if policy == "public":
            if "Cache-Control" not in response:
                lifetime = settings.PAGE_CACHE_QUERY_SECONDS if request.GET else settings.PAGE_CACHE_SECONDS
                patch_cache_control(response, public=True, max_age=0, s_maxage=lifetime)
        elif policy == "private":
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-cache"
        else:
            response["Cache-Control"] = "private, no-store"
        return response
