"""Site-wide views that belong to no content section."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

ONE_YEAR = 365 * 24 * 3600


def _safe_next(request):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


# CSRF-exempt on purpose: the only effect is the font size of the visitor's own pages, and exempting
# it keeps public pages free of per-visitor tokens so they can be cached. See docs/display-mode.md.
@csrf_exempt
@require_POST
def set_display_mode(request):
    """Switch the elderly-friendly mode (larger text, higher contrast) on or off, without JavaScript."""
    mode = request.POST.get("mode")
    response = HttpResponseRedirect(_safe_next(request))
    if mode in settings.DISPLAY_MODES:
        response.set_cookie(
            settings.DISPLAY_MODE_COOKIE,
            mode,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "Disallow: /display-mode/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


RENDITION_MAX_AGE = 7 * 24 * 3600


@require_GET
def serve_rendition(request, path, document_root):
    """A picture's rendition from MEDIA_ROOT/images (nginx serves the same path directly in production).
    Renditions are named by image and filter, so browsers and the proxy may keep them for a week."""
    from django.views.static import serve

    response = serve(request, path, document_root=document_root)
    response["Cache-Control"] = f"public, max-age={RENDITION_MAX_AGE}"
    return response
