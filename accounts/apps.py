from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: who may manage which accounts, the second factor, sign-in throttling."""

    name = "accounts"
    verbose_name = _("Staff accounts")
