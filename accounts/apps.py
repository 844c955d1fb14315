from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: who may manage which accounts, the second factor, sign-in throttling."""

    name = "accounts"
    verbose_name = _("Staff accounts")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the account model of accounts.permissions: its user views, and its
    permission policy registered for the user model so every check through Wagtail's registry
    (menus, search area, listings) uses it."""

    user_viewset = "accounts.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        from django.contrib.auth import get_user_model
        from wagtail.permissions import register_permission_policy

        from .permissions import account_policy

        register_permission_policy(get_user_model(), account_policy)
