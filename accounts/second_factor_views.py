"""The second-factor pages of the admin (docs/staff-sign-in.md).

* ``verify``: after the password, a code from the authenticator app or a recovery code.
* ``setup``: the first time, a QR code and the written-out secret, one code to confirm, then the
  recovery codes, shown once.
* ``manage``: the account's status; regenerate recovery codes; optional set-up for those who do
  not need it.
* ``reset``: a superuser removes another user's second factor (audit-logged).

The sign-in pages (verify, setup, the codes after set-up) use the sign-in page's layout, without the
admin menu: until the second factor is given the session is not yet staff.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import second_factor
from .policy import may_reset_second_factor

ENROL, NEW_RECOVERY_CODES, RESET = (
    "accounts.second_factor.enrol",
    "accounts.second_factor.recovery_codes",
    "accounts.second_factor.reset",
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class NewAppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("The six digits the app shows for this account after you have added it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _next_url(request):
    """Where to go once verified: the page asked for, if it is on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _with_next(url_name, request):
    url = reverse(url_name)
    target = request.GET.get("next") or request.POST.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def _throttled_message(until):
    local = timezone.localtime(until)
    return gettext(
        "Too many wrong codes. Wait until %(time)s before trying again; if you cannot get in, ask a "
        "superuser to reset your second factor."
    ) % {"time": formats.time_format(local, "H:i:s")}


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """Enter a current code (or a recovery code) to finish signing in."""

    template_name = "accounts/second_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if second_factor.is_verified(user):
            return redirect(_next_url(request))
        if not second_factor.is_enrolled(user):
            if second_factor.needs_verification(user):
                return redirect(_with_next("accounts_second_factor_setup", request))
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device, until = second_factor.check_code(request.user, form.cleaned_data["code"])
            if device is not None:
                second_factor.mark_verified(request, device)
                if isinstance(device, StaticDevice):
                    left = second_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        gettext(
                            "You signed in with a recovery code; %(count)s are left. Generate new ones "
                            "under Account → Two-step verification."
                        )
                        % {"count": left},
                    )
                return redirect(_next_url(request))
            form.add_error(
                None,
                _throttled_message(until)
                if until
                else gettext("That code is not right. Try the current one."),
            )
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"form": form, "next": _next_url(self.request)}
        return TemplateResponse(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class SetupView(View):
    """Add the account to an authenticator app, confirm with one code, receive recovery codes."""

    template_name = "accounts/second_factor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Once an app is set up, nobody replaces it from here: whoever has only the password must
        # not be able to attach their own phone. A superuser's reset starts over.
        if second_factor.is_enrolled(request.user):
            if second_factor.is_verified(request.user):
                return redirect("accounts_second_factor_manage")
            return redirect(_with_next("accounts_second_factor_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(NewAppCodeForm())

    def post(self, request):
        form = NewAppCodeForm(request.POST)
        device = second_factor.pending_authenticator(request.user)
        if form.is_valid():
            confirmed, until = second_factor.confirm_authenticator(device, form.cleaned_data["code"])
            if confirmed:
                codes = second_factor.new_recovery_codes(request.user)
                second_factor.mark_verified(request, device)
                log(request.user, ENROL, user=request.user)
                context = {"codes": codes, "next": _next_url(request), "after_setup": True}
                return TemplateResponse(request, "accounts/second_factor/recovery_codes_once.html", context)
            form.add_error(
                None,
                _throttled_message(until)
                if until
                else gettext(
                    "That code is not right. Check the app shows this account, and type its current code."
                ),
            )
        return self.render(form, status=400)

    def render(self, form, status=200):
        device = second_factor.pending_authenticator(self.request.user)
        context = {
            "form": form,
            "next": _next_url(self.request),
            "qr_svg": second_factor.qr_code_svg(
                device, title=gettext("QR code to add this account to an authenticator app")
            ),
            "secret": second_factor.secret_for_manual_entry(device),
            "issuer": device._read_str_from_settings("OTP_TOTP_ISSUER"),
            "account": self.request.user.get_username(),
            "required": second_factor.requires_second_factor(self.request.user),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """The account's second factor: set up or not, recovery codes left, new recovery codes."""

    template_name = "accounts/second_factor/manage.html"
    page_title = _("Two-step verification")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": gettext("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enrolled=second_factor.is_enrolled(user),
            required=second_factor.requires_second_factor(user),
            codes_left=second_factor.recovery_codes_left(user),
            **kwargs,
        )

    def post(self, request):
        """New recovery codes (the old ones stop working), shown once."""
        if not second_factor.is_enrolled(request.user):
            return redirect("accounts_second_factor_setup")
        codes = second_factor.new_recovery_codes(request.user)
        log(request.user, NEW_RECOVERY_CODES, user=request.user)
        context = self.get_context_data(codes=codes, next=reverse("accounts_second_factor_manage"))
        return TemplateResponse(request, "accounts/second_factor/recovery_codes.html", context)


@method_decorator(never_cache, name="dispatch")
class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """A superuser removes another user's second factor (lost phone, no recovery codes left); that
    user sets up a new app at their next request."""

    template_name = "accounts/second_factor/reset.html"
    page_title = _("Reset second factor")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": gettext("Users")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        if not may_reset_second_factor(request.user):
            raise PermissionDenied
        self.target = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.target.get_username()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target, enrolled=second_factor.is_enrolled(self.target), **kwargs
        )

    def post(self, request, user_id):
        removed = second_factor.reset(self.target)
        if removed:
            log(self.target, RESET, user=request.user)
            messages.success(
                request,
                gettext(
                    "The second factor of %(name)s was reset; they set up a new app at their next sign-in."
                )
                % {"name": self.target.get_username()},
            )
        else:
            messages.info(
                request,
                gettext("%(name)s had no second factor set up.") % {"name": self.target.get_username()},
            )
        return redirect("wagtailusers_users:index")


LOG_ACTIONS = [
    (ENROL, _("Set up second factor"), _("Second factor set up")),
    (NEW_RECOVERY_CODES, _("Generate recovery codes"), _("New recovery codes generated")),
    (RESET, _("Reset second factor"), _("Second factor reset by a superuser")),
]
