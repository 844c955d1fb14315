"""Who may see the tracker's contradictions: whoever may edit policy pages (civil-affairs staff, site
administrators), because fixing one means recording a status or editing the policy's evidence."""

from django.conf import settings
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import PolicyDocumentPage


def editable_policies(user):
    """The Chinese policy pages ``user`` may edit: they hold the tracker records."""
    return (
        PagePermissionPolicy(PolicyDocumentPage)
        .instances_user_has_permission_for(user, "change")
        .filter(locale__language_code=settings.LANGUAGE_CODE)
    )


def may_check_tracker(user):
    return user.is_authenticated and user.is_active and editable_policies(user).exists()
