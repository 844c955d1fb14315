"""One flow for every public form: nominations, objections, policy comments and reports of concern.

A POST is validated, counted against the visitor's rate limit, checked for the honeypot, written by a
domain function and answered with a redirect to the form's thanks page (POST/redirect/GET), so a reload
or the back button never sends it twice. The answers are the same on every form:

======  ==========================================================================================
200     the form (GET), or the form's "closed" page when it is not open
400     the form again, with the errors and what was typed (invalid input, or a valid form the
        domain rule refused, e.g. a second nomination of the same person)
429     the form again with the rate-limit message and what was typed
303     to the thanks page: accepted, or caught by the honeypot (then nothing is kept, and the
        confirmation is a made-up reference of the same shape: a bot learns nothing)
======  ==========================================================================================

The thanks page shows the confirmation (the reference, and for a report its secret token) once. It
travels from the POST to the thanks page in a signed, HttpOnly cookie limited to the thanks page's path
and to a few minutes, which the thanks page deletes: nothing is kept on the server (no session is
opened for an anonymous visitor, no cache or log holds a token) and a reload shows the thanks without
the confirmation. Subclasses say which form, template, domain write and thanks route; docs/public-forms.md.

Only this module decides statuses and redirects; ``wucheng_site.public_forms`` holds the guards it uses.
"""

from importlib import import_module
from typing import Any, ClassVar

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path

from . import public_forms
from .public_forms import Outcome

CONFIRMATION_MAX_AGE = 10 * 60  # seconds between the POST and the thanks page
STATUS = {Outcome.INVALID: 400, Outcome.LIMITED: 429}


class Refused(Exception):
    """A domain function's refusal of a valid form (its message is shown as a form error, status 400)."""


class PublicFormFlow:
    """The request handling of one public form on one page (a routable page's form and thanks routes).

    Subclasses set the class attributes and implement ``save``; they may override ``is_open``,
    ``get_context``, ``form_kwargs`` and ``initial``."""

    scope: ClassVar[str]  # rate-limit scope and cookie name, e.g. "award-nomination"
    reference_prefix: ClassVar[str]  # of made-up references answered to bots
    form_class: ClassVar[type[forms.Form]]
    template_name: ClassVar[str]
    thanks_template_name: ClassVar[str]
    thanks_route: ClassVar[str]  # name of the routable page's thanks route
    refusals: ClassVar[tuple[type[Exception], ...]] = (Refused,)

    def __init__(self, page: Any) -> None:
        self.page = page

    # --- What a form says about itself ---------------------------------------------------------------

    def is_open(self) -> bool:
        return True

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"page": self.page, "self": self.page}

    def form_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def save(self, form: forms.Form) -> dict[str, str]:
        """Write the submission through the domain function; return the confirmation to show once
        (at least ``reference``). Raise one of ``refusals`` to refuse it with a message."""
        raise NotImplementedError

    def made_up_confirmation(self) -> dict[str, str]:
        """What a bot caught by the honeypot is shown: the same keys as ``save`` returns."""
        return {"reference": public_forms.new_reference(self.reference_prefix)}

    # --- The flow ------------------------------------------------------------------------------------

    def form_response(self, request: HttpRequest) -> HttpResponse:
        context = self.get_context(request)
        if not self.is_open():
            return TemplateResponse(request, self.template_name, {**context, "closed": True})
        if request.method != "POST":
            form = self.form_class(initial=self.initial(request), **self.form_kwargs(request))
            return TemplateResponse(request, self.template_name, {**context, "form": form})
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs(request))
        outcome = public_forms.screen_submission(request, form, self.scope)
        if outcome == Outcome.SPAM:
            return self.redirect_to_thanks(request, self.made_up_confirmation())
        if outcome == Outcome.ACCEPTED:
            try:
                confirmation = self.save(form)
            except self.refusals as refusal:
                form.add_error(None, str(refusal))
                outcome = Outcome.INVALID
            else:
                return self.redirect_to_thanks(request, confirmation)
        return TemplateResponse(
            request, self.template_name, {**context, "form": form}, status=STATUS[outcome]
        )

    def thanks_url(self, request: HttpRequest) -> str:
        return self.page.get_url(request) + self.page.reverse_subpage(self.thanks_route)

    def redirect_to_thanks(self, request: HttpRequest, confirmation: dict[str, str]) -> HttpResponse:
        url = self.thanks_url(request)
        response = HttpResponseRedirect(url, status=303)
        response.set_cookie(
            self.cookie_name,
            signing.dumps(confirmation, salt=self.scope, compress=True),
            max_age=CONFIRMATION_MAX_AGE,
            path=url,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        return response

    def thanks_response(self, request: HttpRequest) -> HttpResponse:
        """The thanks page: the confirmation once (the cookie is deleted), else the thanks alone."""
        cookie = request.COOKIES.get(self.cookie_name)
        confirmation: dict[str, str] = {}
        if cookie:
            try:
                confirmation = signing.loads(cookie, salt=self.scope, max_age=CONFIRMATION_MAX_AGE)
            except signing.BadSignature:  # forged, or older than CONFIRMATION_MAX_AGE
                confirmation = {}
        context = {**self.get_context(request), **confirmation}
        response = TemplateResponse(request, self.thanks_template_name, context)
        if cookie is not None:
            response.delete_cookie(self.cookie_name, path=request.path, samesite="Lax")
        response["Cache-Control"] = "private, no-store"
        return response

    @property
    def cookie_name(self) -> str:
        return f"confirmation-{self.scope}"


def screen_lookup(request: HttpRequest, form: forms.Form, scope: str, limit: int) -> str:
    """The same decision for the status look-ups (a reference and a contact or token): LIMITED or INVALID
    (answered 429 / 400 like the forms, see ``STATUS``) or ACCEPTED. Every POST counts."""
    if public_forms.rate_limited(request, scope, limit=limit):
        form.add_error(None, public_forms.LOOKUP_LIMIT_MESSAGE)
        return Outcome.LIMITED
    return Outcome.ACCEPTED if form.is_valid() else Outcome.INVALID


def lookup_status(outcome: str, found: bool) -> int:
    """The status of a look-up's answer: 429 / 400 as for the forms, 404 when nothing matched (the
    form is shown again with a message saying to check both entries), else 200."""
    if outcome in STATUS:
        return STATUS[outcome]
    return 200 if found else 404


def public_form_routes(url: str, flow: str, name: str, thanks_name: str) -> tuple[Any, Any]:
    """The two routes of a public form on a routable page, for its class body::

        report, report_thanks = public_form_routes("report/", "oversight.form_views.ReportFlow",
                                                   "report", "report_thanks")

    ``url`` answers ``form_response`` and ``url + "thanks/"`` answers ``thanks_response`` of the flow
    class named by ``flow`` (a dotted path, resolved when a request comes: the form views build on the
    page's models module, so it cannot import them at class definition)."""

    def flow_for(page: Any) -> PublicFormFlow:
        module, class_name = flow.rsplit(".", 1)
        return getattr(import_module(module), class_name)(page)

    @path(url, name=name)
    def form_route(self: Any, request: HttpRequest) -> HttpResponse:
        return flow_for(self).form_response(request)

    @path(url + "thanks/", name=thanks_name)
    def thanks_route(self: Any, request: HttpRequest) -> HttpResponse:
        return flow_for(self).thanks_response(request)

    return form_route, thanks_route
