"""The account model (accounts/permissions.py): account managers create organisation and editor
accounts only; nobody but a superuser grants superuser, 站点管理员 or a group that sees personal data.

Every test here is an escalation the attacker's review reproduced through Wagtail's user views."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.permissions import account_policy, membership_errors
from disclosures.accounts import ensure_organisation_group
from tests.factories import PASSWORD, login, make_user

User = get_user_model()


@pytest.fixture
def manager(db):
    return make_user("manager", roles.SITE_ADMINS)


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


@pytest.fixture
def org_group(org_a):
    group, _collection = ensure_organisation_group(org_a)
    return group


@pytest.fixture
def org_b_group(org_b):
    group, _collection = ensure_organisation_group(org_b)
    return group


def group(name):
    return Group.objects.get(name=name)


def new_user_data(username, *groups, **extra):
    data = {
        "username": username,
        "email": f"{username}@example.com",
        "first_name": "测试",
        "last_name": "用户",
        "password1": "A-long-enough-passphrase-2026",
        "password2": "A-long-enough-passphrase-2026",
        "groups": [g.pk for g in groups],
    }
    data.update(extra)
    return data


def edit_data(account, *groups, **extra):
    data = {
        "username": account.username,
        "email": account.email or f"{account.username}@example.com",
        "first_name": "测试",
        "last_name": "用户",
        "is_active": "on",
        "groups": [g.pk for g in groups],
    }
    data.update(extra)
    return data


# --- Creating accounts --------------------------------------------------------------------------


@pytest.mark.django_db
def test_account_manager_cannot_create_a_superuser(client, manager):
    login(client, manager)
    response = client.post(
        reverse("wagtailusers_users:add"),
        new_user_data("sneaky", group(roles.PROPAGANDA_EDITORS), is_superuser="on"),
    )
    assert response.status_code == 302
    assert User.objects.get(username="sneaky").is_superuser is False


@pytest.mark.django_db
def test_the_administrator_box_is_offered_to_superusers_only(client, manager, superuser):
    login(client, manager)
    assert b'name="is_superuser"' not in client.get(reverse("wagtailusers_users:add")).content
    login(client, superuser)
    assert b'name="is_superuser"' in client.get(reverse("wagtailusers_users:add")).content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group_name",
    [roles.SITE_ADMINS, *roles.PERSONAL_DATA_GROUPS],
)
def test_account_manager_cannot_create_an_account_in_a_group_only_superusers_grant(
    client, manager, group_name
):
    login(client, manager)
    response = client.post(reverse("wagtailusers_users:add"), new_user_data("sneaky", group(group_name)))
    assert response.status_code == 200  # the form again, with the error
    assert not User.objects.filter(username="sneaky").exists()
    assert "groups" in response.context["form"].errors


@pytest.mark.django_db
def test_account_manager_creates_organisation_and_editor_accounts(client, manager, org_group):
    login(client, manager)
    client.post(reverse("wagtailusers_users:add"), new_user_data("org-user", org_group))
    client.post(
        reverse("wagtailusers_users:add"), new_user_data("story-editor", group(roles.PROPAGANDA_EDITORS))
    )
    assert list(User.objects.get(username="org-user").groups.all()) == [org_group]
    assert User.objects.get(username="story-editor").groups.get().name == roles.PROPAGANDA_EDITORS


@pytest.mark.django_db
def test_superuser_grants_groups_that_see_personal_data(client, superuser):
    login(client, superuser)
    response = client.post(
        reverse("wagtailusers_users:add"), new_user_data("new-reviewer", group(roles.CIVIL_AFFAIRS_REVIEWERS))
    )
    assert response.status_code == 302
    assert User.objects.get(username="new-reviewer").groups.get().name == roles.CIVIL_AFFAIRS_REVIEWERS


@pytest.mark.django_db
def test_an_account_belongs_to_one_organisation_and_holds_no_staff_group(
    client, superuser, org_group, org_b_group
):
    login(client, superuser)
    for username, groups in [
        ("two-orgs", (org_group, org_b_group)),
        ("org-and-staff", (org_group, group(roles.PROPAGANDA_EDITORS))),
    ]:
        response = client.post(reverse("wagtailusers_users:add"), new_user_data(username, *groups))
        assert response.status_code == 200, username
        assert not User.objects.filter(username=username).exists()


# --- Changing accounts --------------------------------------------------------------------------


@pytest.mark.django_db
def test_account_manager_cannot_edit_their_own_account_in_the_user_views(client, manager):
    login(client, manager)
    url = reverse("wagtailusers_users:edit", args=[manager.pk])
    assert client.get(url).status_code == 404
    client.post(url, edit_data(manager, group(roles.CIVIL_AFFAIRS_REVIEWERS), is_superuser="on"))
    manager.refresh_from_db()
    assert not manager.is_superuser
    assert list(manager.groups.values_list("name", flat=True)) == [roles.SITE_ADMINS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target_groups",
    [
        (),
        (roles.SITE_ADMINS,),
        (roles.CIVIL_AFFAIRS_REVIEWERS,),
        (roles.AWARD_COMMITTEE_CHAIR,),
        (roles.AWARD_COMMITTEE_MEMBERS,),
    ],
    ids=["superuser", "site-admin", "reviewer", "chair", "member"],
)
def test_account_manager_cannot_reach_accounts_they_do_not_manage(client, manager, target_groups):
    target = make_user("target", *target_groups, superuser=not target_groups)
    login(client, manager)
    for name in ("edit", "delete", "history", "usage"):
        url = reverse(f"wagtailusers_users:{name}", args=[target.pk])
        assert client.get(url).status_code == 404, name
    response = client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        edit_data(target, password1="Changed-by-manager-2026", password2="Changed-by-manager-2026"),
    )
    assert response.status_code == 404
    client.post(reverse("wagtailusers_users:delete", args=[target.pk]))
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    listing = client.get(reverse("wagtailusers_users:index"))
    assert b"target@example.com" not in listing.content and b">target<" not in listing.content


@pytest.mark.django_db
def test_account_manager_edits_an_organisation_account_but_cannot_promote_it(client, manager, org_group):
    account = make_user("org-user")
    account.groups.add(org_group)
    login(client, manager)
    url = reverse("wagtailusers_users:edit", args=[account.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_data(account, group(roles.CIVIL_AFFAIRS_REVIEWERS), is_superuser="on"))
    assert response.status_code == 200
    account.refresh_from_db()
    assert not account.is_superuser
    assert list(account.groups.all()) == [org_group]
    response = client.post(url, edit_data(account, org_group, first_name="改名"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.first_name == "改名"


# --- Bulk actions -------------------------------------------------------------------------------


def bulk_url(action, *users):
    ids = "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=["auth", "user", action]) + "?" + ids


@pytest.mark.django_db
def test_bulk_assign_role_offers_only_grantable_groups_and_skips_unmanaged_accounts(client, manager):
    reviewer = make_user("a-reviewer", roles.CIVIL_AFFAIRS_REVIEWERS)
    editor = make_user("an-editor", roles.PROPAGANDA_EDITORS)
    login(client, manager)
    # A group only superusers grant is not a valid choice, for anyone selected.
    response = client.post(
        bulk_url("assign_role", manager, editor), {"role": group(roles.CIVIL_AFFAIRS_REVIEWERS).pk}
    )
    assert response.status_code == 200
    assert not manager.groups.filter(name=roles.CIVIL_AFFAIRS_REVIEWERS).exists()
    assert not editor.groups.filter(name=roles.CIVIL_AFFAIRS_REVIEWERS).exists()
    # A grantable group reaches the managed account only: not oneself, not a reviewer.
    client.post(
        bulk_url("assign_role", manager, reviewer, editor), {"role": group(roles.PROPAGANDA_APPROVERS).pk}
    )
    assert editor.groups.filter(name=roles.PROPAGANDA_APPROVERS).exists()
    assert not manager.groups.filter(name=roles.PROPAGANDA_APPROVERS).exists()
    assert not reviewer.groups.filter(name=roles.PROPAGANDA_APPROVERS).exists()


@pytest.mark.django_db
def test_bulk_actions_never_touch_accounts_the_manager_does_not_manage(client, manager, superuser):
    reviewer = make_user("a-reviewer", roles.CIVIL_AFFAIRS_REVIEWERS)
    login(client, manager)
    client.post(bulk_url("set_active_state", superuser, reviewer), {"mark_as_active": "False"})
    client.post(bulk_url("delete", superuser, reviewer))
    assert User.objects.get(pk=superuser.pk).is_active
    assert User.objects.get(pk=reviewer.pk).is_active


@pytest.mark.django_db
def test_bulk_assign_role_keeps_organisation_accounts_apart(client, manager, org_group, org_b_group):
    account = make_user("org-user")
    account.groups.add(org_group)
    login(client, manager)
    for role in (org_b_group, group(roles.PROPAGANDA_EDITORS)):
        client.post(bulk_url("assign_role", account), {"role": role.pk})
    assert list(account.groups.all()) == [org_group]


# --- The rule itself ----------------------------------------------------------------------------


def test_membership_rules():
    org1, org2 = "组织：51330702MJ1A2B3C4M", "组织：53330702MJ5D6E7F8T"
    assert membership_errors([]) == []
    assert membership_errors([org1]) == []
    assert membership_errors([roles.PROPAGANDA_EDITORS, roles.PROPAGANDA_APPROVERS]) == []
    assert len(membership_errors([org1, org2])) == 1
    assert len(membership_errors([org1, roles.PROPAGANDA_EDITORS])) == 1


@pytest.mark.django_db
def test_policy_lists_only_manageable_accounts(manager, superuser, org_group):
    org_user = make_user("org-user")
    org_user.groups.add(org_group)
    editor = make_user("an-editor", roles.PROPAGANDA_EDITORS)
    mixed = make_user("mixed", roles.PROPAGANDA_EDITORS, roles.CIVIL_AFFAIRS_REVIEWERS)
    plain = make_user("no-groups")
    manageable = set(account_policy.manageable_accounts(manager))
    assert {org_user, editor, plain} <= manageable
    assert not {manager, superuser, mixed} & manageable
    assert set(account_policy.manageable_accounts(superuser)) == set(User.objects.all())
    assert not account_policy.manageable_accounts(editor).exists()
