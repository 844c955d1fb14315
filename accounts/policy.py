"""Which staff accounts need what: the rules behind the account model, as plain functions.

See docs/roles-and-workflows.md (who may create which accounts) and docs/security.md.
"""

from home import roles


def requires_second_factor(user):
    """Superusers and members of groups that see personal data sign in with a second factor."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles.PERSONAL_DATA_GROUPS).exists()
