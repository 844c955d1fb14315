"""Wagtail's user forms, limited to what the signed-in user may grant (accounts.permissions)."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

from .permissions import grantable_groups, membership_errors


class AccountFormMixin:
    """Groups: only those the signed-in user may grant; "Administrator" only for superusers.

    Enforced on the server: a group outside the offered ones is an invalid choice, and a missing
    ``is_superuser`` field means the value posted for it is ignored."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user is None or not for_user.is_superuser:
            self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            allowed = (
                grantable_groups(for_user) if for_user is not None else self.fields["groups"].queryset.none()
            )
            self.fields["groups"].queryset = allowed.order_by("name")

    def clean(self):
        cleaned_data = super().clean()
        groups = cleaned_data.get("groups")
        if groups is not None:
            for error in membership_errors(group.name for group in groups):
                self.add_error("groups", error)
        return cleaned_data


class AccountCreationForm(AccountFormMixin, UserCreationForm):
    pass


class AccountEditForm(AccountFormMixin, UserEditForm):
    pass


class GrantableRoleForm(forms.Form):
    """The bulk "assign role" form: one group the signed-in user may grant."""

    role = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = grantable_groups(for_user).order_by("name")
