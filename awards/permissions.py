"""Who may do what with nominations in the admin: one permission policy, used by every admin view.

Two model permissions carry the roles (granted to the groups by ``accounts.roles``):
``awards.review_nomination`` (committee members) and ``awards.decide_nomination`` (the chair).
On top of them the policy applies the assignment rule: a member sees and scores only the
nominations assigned to them; anything else is a 403 and changes nothing. Nobody adds or edits a
nomination's submitted content in the admin (nominations come from the public form).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import Assignment, Nomination

REVIEW = "awards.review_nomination"
DECIDE = "awards.decide_nomination"


def is_chair(user):
    return bool(user and user.is_active and user.has_perm(DECIDE))


def is_member(user):
    return bool(user and user.is_active and user.has_perm(REVIEW))


def committee_members():
    """Users who review (the members), without superusers who hold every permission implicitly."""
    User = get_user_model()
    review = Q(
        groups__permissions__codename="review_nomination",
        groups__permissions__content_type__app_label="awards",
    )
    direct = Q(
        user_permissions__codename="review_nomination", user_permissions__content_type__app_label="awards"
    )
    return User.objects.filter(is_active=True).filter(review | direct).distinct().order_by("pk")


class NominationPermissionPolicy(BasePermissionPolicy):
    """Actions: ``view`` (open a nomination), ``score`` and ``declare`` (members, assigned ones only),
    ``decide`` (the chair: screening decisions, assignment, shortlist, winners, objections)."""

    def __init__(self):
        super().__init__(Nomination)

    def user_has_permission(self, user, action):
        if action == "view":
            return is_chair(user) or is_member(user)
        if action in ("score", "declare"):
            return is_member(user)
        if action == "decide":
            return is_chair(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "decide":
            return is_chair(user)
        assigned = is_member(user) and Assignment.objects.filter(nomination=instance, member=user).exists()
        if action == "view":
            return is_chair(user) or assigned
        if action in ("score", "declare"):
            return assigned
        return False

    def instances_user_has_permission_for(self, user, action):
        if action in ("view", "decide") and is_chair(user):
            return Nomination.objects.all()
        if action in ("view", "score", "declare") and is_member(user):
            return Nomination.objects.filter(assignments__member=user).distinct()
        return Nomination.objects.none()

    def instances_user_has_any_permission_for(self, user, actions):
        found = Q(pk__in=[])
        for action in actions:
            found |= Q(pk__in=self.instances_user_has_permission_for(user, action).values("pk"))
        return Nomination.objects.filter(found)

    def users_with_permission(self, action):
        codename = DECIDE if action == "decide" else REVIEW
        app_label, name = codename.split(".")
        User = get_user_model()
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(
                    groups__permissions__codename=name, groups__permissions__content_type__app_label=app_label
                )
                | Q(user_permissions__codename=name, user_permissions__content_type__app_label=app_label)
            )
            .distinct()
        )

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.none()
        for action in actions:
            users = users | self.users_with_permission(action)
        return users.distinct()


nomination_policy = NominationPermissionPolicy()
