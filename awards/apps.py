from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Wucheng Charity Award")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import Nomination
        from .permissions import nomination_policy

        # Registered early, so every check through Wagtail's registry (the audit log's visibility,
        # wucheng_site.models.PrivateLogEntry) applies the assignment rule.
        register_permission_policy(Nomination, nomination_policy)
