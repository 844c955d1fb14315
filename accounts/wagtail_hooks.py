"""Admin hooks of staff accounts."""

from wagtail import hooks

# --- The account model (accounts/permissions.py) -------------------------------------------------
from .viewsets import AccountActiveStateBulkAction, AccountAssignRoleBulkAction, AccountDeleteBulkAction

# Registered after wagtail.users' own bulk actions (order=1), which they replace: the registry keeps
# the last class registered for each action type.
for _action in (AccountDeleteBulkAction, AccountActiveStateBulkAction, AccountAssignRoleBulkAction):
    hooks.register("register_bulk_action", _action, order=1)
