"""Small helpers to make users in tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "test-password"


def make_user(username, *group_names, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user
