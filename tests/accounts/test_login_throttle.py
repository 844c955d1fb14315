"""Sign-in throttling (docs/staff-sign-in.md): failed sign-ins through Wagtail's own login page lock out
the account (from any address) and the address (for any account); the lockout page says what happened
and whom to ask; administrators see lockouts under Settings and lift them (audit-logged); others
cannot. Real django-axes, real database records."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from accounts import roles, throttle
from tests.factories import PASSWORD, login, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKOUTS = "/admin/login-lockouts/"
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(username, password, address="203.0.113.10", **extra):
    return Client(REMOTE_ADDR=address, **extra).post(LOGIN, {"username": username, "password": password})


def signed_in(response):
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_the_limit_is_small_and_the_lockout_lasts():
    assert 3 <= LIMIT <= 10
    assert timedelta(minutes=15) <= settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_a_wrong_password_below_the_limit_only_shows_the_form_again():
    make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    response = sign_in("reviewer1", "wrong")
    assert response.status_code == 200
    assert signed_in(sign_in("reviewer1", PASSWORD))


def test_an_account_is_locked_out_after_the_limit_from_any_address():
    """Guessing from many addresses does not get past the account's own count."""
    make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    for attempt in range(LIMIT - 1):
        assert sign_in("reviewer1", f"guess{attempt}", address=f"198.51.100.{attempt}").status_code == 200
    assert sign_in("reviewer1", "last-guess", address="198.51.100.99").status_code == 429
    refused = sign_in("reviewer1", PASSWORD, address="192.0.2.1")
    assert refused.status_code == 429 and not signed_in(refused)


def test_an_address_is_locked_out_after_the_limit_across_accounts():
    """Trying one password on many account names from one address locks the address."""
    make_user("editor1", roles.PROPAGANDA_EDITORS)
    for attempt in range(LIMIT):
        sign_in(f"someone{attempt}", "password123", address="203.0.113.66")
    refused = sign_in("editor1", PASSWORD, address="203.0.113.66")
    assert refused.status_code == 429 and not signed_in(refused)
    assert signed_in(sign_in("editor1", PASSWORD, address="203.0.113.67"))


def test_the_lockout_page_says_what_happened_and_whom_to_ask_without_naming_the_account():
    for attempt in range(LIMIT):
        response = sign_in("no-such-user", f"guess{attempt}")
    assert response.status_code == 429
    html = response.content.decode()
    assert gettext("Sign-in locked") in html
    # Whom to ask, and where they lift it.
    assert (
        gettext(
            "Need in sooner? Ask a site administrator or a superuser: they can lift the lockout under "
            "Settings → Login lockouts."
        )
        in html
    )
    assert "no-such-user" not in html
    assert "no-store" in response["Cache-Control"]


def test_a_lockout_ends_by_itself_after_the_cool_off():
    make_user("editor1", roles.PROPAGANDA_EDITORS)
    for attempt in range(LIMIT):
        sign_in("editor1", f"guess{attempt}")
    assert sign_in("editor1", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert signed_in(sign_in("editor1", PASSWORD))


def test_behind_proxies_the_address_is_the_one_the_trusted_proxy_saw(settings):
    """A client cannot escape the address count by forging the left part of X-Forwarded-For."""
    settings.NUM_PROXIES = 1
    make_user("editor1", roles.PROPAGANDA_EDITORS)
    for attempt in range(LIMIT):
        sign_in(
            f"someone{attempt}", "x", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.{attempt}, 203.0.113.5"
        )
    refused = sign_in("editor1", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    assert refused.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def _lock_out_account(username):
    for attempt in range(LIMIT):
        sign_in(username, f"guess{attempt}", address=f"198.51.100.{attempt}")


@pytest.mark.parametrize("role", ["superuser", roles.SITE_ADMINS])
def test_an_administrator_sees_and_lifts_a_lockout_and_it_is_logged(role):
    make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    _lock_out_account("reviewer1")
    administrator = make_user("boss", superuser=True) if role == "superuser" else make_user("boss", role)
    client = Client()
    login(client, administrator)
    listing = client.get(LOCKOUTS)
    assert listing.status_code == 200
    assert "reviewer1" in listing.content.decode()

    response = client.post(LOCKOUTS, {"kind": throttle.LockoutKind.USERNAME, "value": "reviewer1"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="reviewer1").exists()
    entry = ModelLogEntry.objects.get(action="accounts.lockout.lift")
    assert entry.user == administrator and entry.data == {"kind": "username", "value": "reviewer1"}
    assert signed_in(sign_in("reviewer1", PASSWORD))


def test_an_administrator_lifts_an_address_lockout():
    for attempt in range(LIMIT):
        sign_in(f"someone{attempt}", "x", address="203.0.113.66")
    assert [(lockout.kind, lockout.value) for lockout in throttle.current_lockouts()] == [
        (throttle.LockoutKind.ADDRESS, "203.0.113.66")
    ]
    client = Client()
    login(client, make_user("boss", roles.SITE_ADMINS))
    client.post(LOCKOUTS, {"kind": throttle.LockoutKind.ADDRESS, "value": "203.0.113.66"})
    assert throttle.current_lockouts() == []


@pytest.mark.parametrize(
    "group", [roles.PROPAGANDA_EDITORS, roles.CIVIL_AFFAIRS_REVIEWERS, roles.AWARD_COMMITTEE_CHAIR]
)
def test_others_can_neither_see_nor_lift_lockouts(group):
    make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    _lock_out_account("reviewer1")
    client = Client()
    login(client, make_user("someone", group))
    for response in (
        client.get(LOCKOUTS),
        client.post(LOCKOUTS, {"kind": throttle.LockoutKind.USERNAME, "value": "reviewer1"}),
    ):
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert reverse("accounts_login_lockouts") not in client.get("/admin/").content.decode()
    assert throttle.current_lockouts()


def test_lifting_needs_a_kind_and_a_value():
    """A bad form is refused with a message; it never clears every record."""
    make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    _lock_out_account("reviewer1")
    client = Client()
    login(client, make_user("boss", roles.SITE_ADMINS))
    for data in (
        {},
        {"kind": "username"},
        {"kind": "user_agent", "value": "x"},
        {"kind": "ip_address", "value": " "},
        {"kind": "ip_address", "value": "not-an-address"},
    ):
        assert client.post(LOCKOUTS, data).status_code == 302
    assert AccessAttempt.objects.filter(username="reviewer1").exists()
    with pytest.raises(ValueError):
        throttle.lift(throttle.LockoutKind.USERNAME, "")


def test_the_menu_item_is_shown_to_administrators():
    client = Client()
    login(client, make_user("boss", roles.SITE_ADMINS))
    assert reverse("accounts_login_lockouts") in client.get("/admin/").content.decode()


def test_failed_passwords_are_not_stored():
    sign_in("editor1", "my-secret-guess")
    assert "my-secret-guess" not in AccessAttempt.objects.get().post_data
