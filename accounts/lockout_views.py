"""Settings → Login lockouts: the accounts and addresses locked out now, and lifting one
(superusers and site administrators; docs/staff-sign-in.md)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_ipv46_address
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import throttle
from .policy import may_lift_lockouts

LIFT = "accounts.lockout.lift"
LOG_ACTIONS = [(LIFT, _("Lift login lockout"), _("Login lockout lifted"))]


def _is_address(value):
    """A malformed address would not even reach the database on PostgreSQL (inet column)."""
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return False
    return True


@method_decorator(never_cache, name="dispatch")
class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/lockouts.html"
    page_title = _("Login lockouts")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not may_lift_lockouts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lockouts=throttle.current_lockouts(),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            **kwargs,
        )

    def post(self, request):
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
        if (
            kind not in throttle.LockoutKind.values
            or not value
            or (kind == throttle.LockoutKind.ADDRESS and not _is_address(value))
        ):
            messages.error(request, gettext("Choose a lockout to lift."))
            return redirect("accounts_login_lockouts")
        # Logged against one of the records before they go (the log keeps the label).
        record = AccessAttempt.objects.filter(**{kind: value}).order_by("-attempt_time").first()
        if record is None:
            messages.info(request, gettext("That lockout had already ended."))
            return redirect("accounts_login_lockouts")
        label = (
            gettext("Sign-in failures of account %(name)s")
            if kind == throttle.LockoutKind.USERNAME
            else gettext("Sign-in failures from address %(name)s")
        ) % {"name": value}
        log(record, LIFT, user=request.user, title=label, data={"kind": kind, "value": value})
        throttle.lift(kind, value)
        messages.success(request, gettext("Lifted: %(what)s.") % {"what": label})
        return redirect("accounts_login_lockouts")
