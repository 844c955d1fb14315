"""Organisation accounts: one group per organisation, limited to its own subtree and collection.

The group may add and edit pages only below its own OrganisationPage (in every language tree) and
never publish: its submissions go through the civil-affairs review workflow assigned to the
disclosure section. Its documents live in its own collection under 信息公开, which no other
organisation can see, choose or upload into. See docs/roles-and-workflows.md.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission

from accounts import roles

from .models import OrganisationPage

SECTION_COLLECTION = "信息公开"


def group_name(organisation):
    return f"组织：{organisation.credit_code}"


def section_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SECTION_COLLECTION).first()
    return existing or root.add_child(name=SECTION_COLLECTION)


def organisation_collection(organisation):
    """The organisation's own collection (named by its credit code, so renames don't orphan it)."""
    parent = section_collection()
    name = f"{organisation.title}（{organisation.credit_code}）"
    child = parent.get_children().filter(name__endswith=f"（{organisation.credit_code}）").first()
    if child is None:
        return parent.add_child(name=name)
    if child.name != name:
        child.name = name
        child.save(update_fields=["name"])
    return child


@transaction.atomic
def ensure_organisation_group(organisation):
    """Create or update the organisation's group, page permissions and collection permissions."""
    group, _ = Group.objects.get_or_create(name=group_name(organisation))
    group.permissions.set([roles.permission("wagtailadmin.access_admin")])
    for page in OrganisationPage.objects.filter(translation_key=organisation.translation_key):
        roles.grant_page_permissions(group, page, roles.ORGANISATION_PAGE_PERMISSIONS)
    collection = organisation_collection(organisation)
    wanted = {roles.permission(dotted) for dotted in roles.COLLECTION_PERMISSIONS}
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return group, collection


@transaction.atomic
def create_organisation_account(organisation, username, email=""):
    """Give ``username`` (created if missing) the organisation's group; returns (user, password or None).

    A new user gets a random password, returned once so it can be handed over; an existing user keeps
    theirs. A user may belong to one organisation only: a second organisation is refused.
    """
    group, _collection = ensure_organisation_group(organisation)
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, email or organisation.contact_email or "", password)
    other = user.groups.filter(name__startswith="组织：").exclude(pk=group.pk).first()
    if other is not None:
        raise ValueError(f"{username} already belongs to another organisation ({other.name}).")
    if user.is_superuser or user.groups.filter(name__in=roles.MANAGED_GROUPS).exists():
        raise ValueError(f"{username} is a staff account; organisation accounts must be separate.")
    user.groups.add(group)
    return user, password
