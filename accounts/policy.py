"""Which staff accounts need what: the rules behind the account model, as plain functions.

See docs/roles-and-workflows.md (who may create which accounts) and docs/security.md.
"""

from accounts import roles


def requires_second_factor(user):
    """Superusers and members of groups that see personal data sign in with a second factor."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles.PERSONAL_DATA_GROUPS).exists()


def may_lift_lockouts(user):
    """Those who manage accounts lift sign-in lockouts: superusers and account managers (站点管理员,
    who hold ``auth.change_user``; accounts/permissions.py)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm("auth.change_user")


def may_reset_second_factor(user):
    """Only a superuser resets someone's second factor: whoever could would otherwise be able to set
    up their own app on an account that sees personal data."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)
