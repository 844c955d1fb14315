"""The account model: who may create and change which accounts, and which groups they may grant.

Wagtail lets anyone holding ``auth.change_user`` edit every account, tick "Administrator" and put
anyone (themselves included) into any group. Here that right is narrowed (docs/roles-and-workflows.md):

- a superuser manages every account and grants every group, and is the only one who grants
  superuser, 站点管理员, or a group that sees personal data (``roles.PERSONAL_DATA_GROUPS``);
- an account manager (``auth.add_user``/``change_user``/``delete_user``, i.e. 站点管理员) creates and
  manages organisation accounts (the 「组织：…」 groups) and propaganda editors and approvers only: an
  account they manage may belong to those groups and no others, so they can never reach a superuser,
  a reviewer, a committee member, another account manager, or themselves;
- an account belongs to at most one organisation, and an organisation account holds no staff group.

One permission policy (registered for the user model) applies this to every user view and bulk
action; the user forms offer only grantable groups and refuse anything else on the server.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from accounts import roles

ORGANISATION_GROUP_PREFIX = "组织："

# Staff groups an account manager may grant; organisation groups come on top (by name).
MANAGER_GRANTABLE_GROUPS = (roles.PROPAGANDA_EDITORS, roles.PROPAGANDA_APPROVERS)


def is_organisation_group(name):
    return name.startswith(ORGANISATION_GROUP_PREFIX)


def _grantable_by_manager_q(prefix=""):
    return Q(**{f"{prefix}name__in": MANAGER_GRANTABLE_GROUPS}) | Q(
        **{f"{prefix}name__startswith": ORGANISATION_GROUP_PREFIX}
    )


def grantable_groups(user):
    """The groups ``user`` may put accounts into (none for users who manage no accounts)."""
    if user.is_superuser:
        return Group.objects.all()
    if not user.has_perm("auth.change_user") and not user.has_perm("auth.add_user"):
        return Group.objects.none()
    return Group.objects.filter(_grantable_by_manager_q())


def membership_errors(group_names):
    """Why a set of group names cannot be one account's groups (empty list: it can).

    Pure rule, shared by the user form and the bulk "assign role" action."""
    names = set(group_names)
    organisations = {name for name in names if is_organisation_group(name)}
    errors = []
    if len(organisations) > 1:
        errors.append(_("An account can belong to one organisation only."))
    if organisations and names - organisations:
        errors.append(
            _(
                "An organisation account cannot also be a staff account: make a separate account for staff work."
            )
        )
    return errors


class AccountPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions on users, narrowed to the accounts the user may manage."""

    def __init__(self):
        super().__init__(get_user_model())

    def manageable_accounts(self, user):
        """Accounts ``user`` may see, change and delete in the admin (a queryset)."""
        User = self.model
        if not (user.is_active and user.is_authenticated):
            return User.objects.none()
        if user.is_superuser:
            return User.objects.all()
        if not self.user_has_any_permission(user, ["add", "change", "delete"]):
            return User.objects.none()
        # No superuser, no direct permissions, no group outside what the manager may grant; never
        # oneself (an account manager is in 站点管理员, which they cannot grant, so this also holds).
        ungrantable = Count("groups", filter=~_grantable_by_manager_q("groups__"), distinct=True)
        return (
            User.objects.filter(is_superuser=False, user_permissions__isnull=True)
            .exclude(pk=user.pk)
            .annotate(ungrantable_groups=ungrantable)
            .filter(ungrantable_groups=0)
        )

    def can_manage(self, user, account):
        return self.manageable_accounts(user).filter(pk=account.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "delete" and instance.pk == user.pk:
            return False  # nobody deletes their own account
        return self.can_manage(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model.objects.none()
        accounts = self.manageable_accounts(user)
        return accounts.exclude(pk=user.pk) if action == "delete" else accounts

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return self.manageable_accounts(user)


account_policy = AccountPermissionPolicy()
