"""Wagtail's user views and bulk actions, with the account model of accounts.permissions.

Every view that loads an account looks it up among the accounts the signed-in user may manage, so
anything else is a 404 whatever the id; forms get the signed-in user to limit the groups offered.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.generic.usage import UsageView as GenericUsageView
from wagtail.users.views import users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from .forms import AccountCreationForm, AccountEditForm, GrantableRoleForm
from .permissions import account_policy, membership_errors


class ManageableAccountsMixin:
    """Look the account up among those the signed-in user manages: anything else is a 404.

    Edit and delete views find their object through ``get_queryset``, history and usage views (which
    list log entries and references) through ``get_base_object_queryset``."""

    permission_policy = account_policy

    def get_base_object_queryset(self):
        return account_policy.manageable_accounts(self.request.user)


class ManageableObjectMixin(ManageableAccountsMixin):
    def get_queryset(self):
        return self.get_base_object_queryset()


class FormForUserMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class IndexView(users.IndexView):
    """Lists only the accounts the signed-in user manages (staff contacts are personal data too)."""

    permission_policy = account_policy

    def get_base_queryset(self):
        manageable = account_policy.manageable_accounts(self.request.user)
        return super().get_base_queryset().filter(pk__in=manageable.values("pk"))

    def get_delete_url(self, instance):
        if account_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return super(users.IndexView, self).get_delete_url(instance)
        return None


class CreateView(FormForUserMixin, users.CreateView):
    permission_policy = account_policy


class EditView(ManageableObjectMixin, FormForUserMixin, users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = account_policy.user_has_permission_for_instance(request.user, "delete", self.object)


class DeleteView(ManageableObjectMixin, users.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        # Wagtail's check (``user_can_delete_user``) lets a manager delete any non-superuser; ours is
        # the policy, applied when the object is looked up among manageable accounts.
        self.object = self.get_object()
        if not account_policy.user_has_permission_for_instance(request.user, "delete", self.object):
            raise PermissionDenied
        return super(users.DeleteView, self).dispatch(request, *args, **kwargs)


class HistoryView(ManageableAccountsMixin, users.HistoryView):
    pass


class UsageView(ManageableAccountsMixin, GenericUsageView):
    pass


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm


class ManagedAccountsBulkActionMixin:
    """A bulk action on users applies only to accounts the signed-in user may manage (and never to
    their own account); the others are listed as "no access" and left alone."""

    def check_perm(self, obj):
        return obj.pk != self.request.user.pk and account_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )


class AccountDeleteBulkAction(ManagedAccountsBulkActionMixin, DeleteBulkAction):
    def check_perm(self, obj):
        return account_policy.user_has_permission_for_instance(self.request.user, "delete", obj)


class AccountActiveStateBulkAction(ManagedAccountsBulkActionMixin, SetActiveStateBulkAction):
    pass


class AccountAssignRoleBulkAction(ManagedAccountsBulkActionMixin, AssignRoleBulkAction):
    """Only grantable groups are offered, and an account whose groups would break the membership
    rules (one organisation; organisation accounts hold no staff group) is left out."""

    form_class = GrantableRoleForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def check_perm(self, obj):
        if not super().check_perm(obj):
            return False
        form = self.cleaned_form
        if form is None or not form.is_valid():
            return True
        names = set(obj.groups.values_list("name", flat=True)) | {form.cleaned_data["role"].name}
        return not membership_errors(names)
