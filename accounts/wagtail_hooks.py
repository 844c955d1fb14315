"""Admin hooks of staff accounts."""

from wagtail import hooks

# --- The account model (accounts/permissions.py) -------------------------------------------------
from .viewsets import AccountActiveStateBulkAction, AccountAssignRoleBulkAction, AccountDeleteBulkAction

# Registered after wagtail.users' own bulk actions (order=1), which they replace: the registry keeps
# the last class registered for each action type.
for _action in (AccountDeleteBulkAction, AccountActiveStateBulkAction, AccountAssignRoleBulkAction):
    hooks.register("register_bulk_action", _action, order=1)


# --- Staff sign-in: second factor and login lockouts (docs/staff-sign-in.md) ---------------------
# Owned by the sign-in work (accounts/second_factor*.py, accounts/lockout*.py, accounts/throttle.py).
from django.urls import path, reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail.admin.widgets import Button  # noqa: E402

from . import lockout_views, second_factor_views  # noqa: E402
from .policy import may_lift_lockouts, may_reset_second_factor  # noqa: E402


@hooks.register("register_admin_urls")
def register_sign_in_urls():
    return [
        path(
            "second-factor/", second_factor_views.ManageView.as_view(), name="accounts_second_factor_manage"
        ),
        path(
            "second-factor/verify/",
            second_factor_views.VerifyView.as_view(),
            name="accounts_second_factor_verify",
        ),
        path(
            "second-factor/setup/",
            second_factor_views.SetupView.as_view(),
            name="accounts_second_factor_setup",
        ),
        path(
            "second-factor/reset/<int:user_id>/",
            second_factor_views.ResetView.as_view(),
            name="accounts_second_factor_reset",
        ),
        path("login-lockouts/", lockout_views.LockoutsView.as_view(), name="accounts_login_lockouts"),
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_lift_lockouts(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("Login lockouts"), reverse("accounts_login_lockouts"), icon_name="lock", order=650
    )


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("accounts_second_factor_manage"),
        "label": _("Two-step verification"),
        "help_text": _("Your authenticator app and recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if may_reset_second_factor(request_user):
        yield Button(
            _("Reset second factor"),
            reverse("accounts_second_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_sign_in_log_actions(actions):
    for action, label, message in second_factor_views.LOG_ACTIONS + lockout_views.LOG_ACTIONS:
        actions.register_action(action, label, message)
