"""Enforce the second factor on the server, for every URL (docs/staff-sign-in.md).

After the password, a user who needs a second factor (``second_factor.needs_verification``) and whose
session has not given one yet is:

* in the admin (``/admin/…``): sent to the second-factor page — setting one up the first time,
  entering a code afterwards — from every URL, whatever it serves (pages, snippets, chooser JSON,
  reports, APIs), except the few the sign-in itself needs (``ALLOWED_URL_NAMES``);
* anywhere else (documents, previews of the public site, the API, Django's admin): anonymous. So an
  unverified session never acts as staff, whichever view or hook checks ``request.user``.

Installed right after django-otp's ``OTPMiddleware``, which follows Django's
``AuthenticationMiddleware``.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import LazyObject
from django.utils.http import urlencode

from . import second_factor

# Admin URLs an unverified session may use: the second-factor pages, signing out, and what those
# pages load (Wagtail's icon sprite and JavaScript catalogue); password reset works without a session.
ALLOWED_URL_NAMES = {
    "accounts_second_factor_verify",
    "accounts_second_factor_setup",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


def _unwrap(user):
    """The user object itself. django-otp wraps Django's lazy request.user in a second lazy object,
    and Wagtail's audit log looks up the log model by the type *one* level down — so every
    ``log(request.user, …)`` (Wagtail's own account settings, our second-factor set-up) would be
    dropped silently. Unwrapping costs nothing here: the user is loaded for the check anyway.
    (The double wrapping: django-otp/django-otp#36.)"""
    user.is_authenticated  # noqa: B018 — evaluates the lazy objects
    while isinstance(user, LazyObject):
        user = user._wrapped
    return user


async def _anonymous():
    return AnonymousUser()


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, no signed-in user: skip without touching the session (which would add
        # "Vary: Cookie" to every public response).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user = _unwrap(request.user)
            if (
                user.is_authenticated
                and not second_factor.is_verified(user)
                and second_factor.needs_verification(user)
            ):
                if request.path_info.startswith(reverse("wagtailadmin_home")):
                    if not self._allowed(request):
                        return self._to_second_factor(request, user)
                else:
                    request.user = AnonymousUser()
                    request.auser = _anonymous
        return self.get_response(request)

    @staticmethod
    def _allowed(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in ALLOWED_URL_NAMES

    @staticmethod
    def _to_second_factor(request, user):
        name = "accounts_second_factor_verify"
        if not second_factor.is_enrolled(user):
            name = "accounts_second_factor_setup"
        url = reverse(name)
        # Come back to the page asked for (pages only: a JSON or form endpoint is no place to land).
        if request.method == "GET" and request.headers.get("x-requested-with") != "XMLHttpRequest":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
