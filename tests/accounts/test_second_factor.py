"""The second factor of staff sign-in (docs/staff-sign-in.md): who is asked, that the server enforces it
on every admin URL and treats an unverified session as anonymous elsewhere, set-up, recovery codes,
throttling of wrong codes, and a superuser's reset. Real django-otp devices and real TOTP codes."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry

from accounts import roles, second_factor
from disclosures.accounts import create_organisation_account
from tests.factories import PDF_BYTES, login, make_user, upload

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
SETUP = "/admin/second-factor/setup/"
VERIFY = "/admin/second-factor/verify/"
MANAGE = "/admin/second-factor/"


def code_for(device):
    """The code the user's app shows now (RFC 6238, computed from the device's secret)."""
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def password_only(user):
    """A client past the password step only (as Wagtail's login view leaves it)."""
    client = Client()
    client.force_login(user)
    return client


def staff_needing_second_factor():
    return {
        "superuser": make_user("root", superuser=True),
        "reviewer": make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS),
        "chair": make_user("chair1", roles.AWARD_COMMITTEE_CHAIR),
        "member": make_user("member1", roles.AWARD_COMMITTEE_MEMBERS),
    }


def test_staff_who_see_personal_data_are_sent_to_set_up_a_second_factor_after_the_password():
    for name, user in staff_needing_second_factor().items():
        response = password_only(user).get(ADMIN)
        assert response.status_code == 302, name
        assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F", name


def test_staff_with_an_app_are_sent_to_enter_a_code():
    user = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    enrolled(user)
    response = password_only(user).get("/admin/pages/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"


def test_the_sign_in_page_does_not_loop_for_an_unverified_session():
    user = make_user("root", superuser=True)
    enrolled(user)
    response = password_only(user).get(reverse("wagtailadmin_login") + "?next=/about/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def _unpublished_document():
    Document = get_document_model()
    document = Document(title="未公开的审计报告", file=upload("private-audit.pdf", PDF_BYTES))
    document.save()
    return document


def _admin_requests(home):
    """One of each kind of admin URL: page editor, snippet listing, chooser JSON, report listing,
    the admin API, and a POST that would change a page."""
    return [
        ("get", f"/admin/pages/{home.pk}/edit/", {}),
        ("get", "/admin/snippets/policies/policycomment/", {}),
        ("get", "/admin/choose-page/", {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}),
        ("get", "/admin/reports/site-history/", {}),
        ("get", "/admin/api/main/pages/", {}),
        ("get", "/admin/account/", {}),
        ("post", f"/admin/pages/{home.pk}/edit/", {}),
    ]


def test_unverified_staff_are_redirected_from_every_kind_of_admin_url(home):
    user = make_user("root", superuser=True)
    enrolled(user)
    client = password_only(user)
    for method, url, extra in _admin_requests(home):
        response = getattr(client, method)(url, **extra)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(VERIFY), url
    home.refresh_from_db()
    assert home.title == "善行婺里"


def test_verified_staff_reach_the_same_admin_urls(home):
    client = Client()
    login(client, make_user("root", superuser=True))
    for method, url, extra in _admin_requests(home)[:-1]:
        response = getattr(client, method)(url, **extra)
        assert response.status_code == 200, (url, response.status_code)


def test_unverified_staff_are_anonymous_outside_the_admin():
    """Document serving lets staff open unpublished documents; an unverified session may not."""
    document = _unpublished_document()
    user = make_user("root", superuser=True)
    assert password_only(user).get(document.url).status_code == 404
    verified = Client()
    login(verified, user)
    assert verified.get(document.url).status_code == 200


def test_setup_shows_a_qr_code_and_the_secret_and_a_real_code_confirms_it():
    user = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    client = password_only(user)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page and 'class="second-factor-qr"' in page
    assert second_factor.secret_for_manual_entry(device) in page
    assert client.get(SETUP).content.decode().count(second_factor.secret_for_manual_entry(device)) == 1

    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    codes = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    html = response.content.decode()
    assert all(code in html for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action="accounts.second_factor.enrol", object_id=str(user.pk)
    ).exists()


def test_setup_refuses_a_wrong_code():
    user = make_user("member1", roles.AWARD_COMMITTEE_MEMBERS)
    client = password_only(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post(SETUP, {"code": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(ADMIN)["Location"].startswith(SETUP)


def test_an_app_once_set_up_cannot_be_replaced_with_the_password_alone():
    """Whoever has only the password must not attach their own phone to the account."""
    user = make_user("chair1", roles.AWARD_COMMITTEE_CHAIR)
    original = enrolled(user)
    client = password_only(user)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [original]


def test_a_current_code_finishes_signing_in_and_returns_to_the_page_asked_for():
    user = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    device = enrolled(user)
    client = password_only(user)
    key_before = client.session.session_key
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.session.session_key != key_before
    assert client.get("/admin/pages/").status_code == 200


def test_verify_does_not_redirect_off_site():
    user = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    device = enrolled(user)
    client = password_only(user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == ADMIN


def test_a_recovery_code_works_once():
    user = make_user("root", superuser=True)
    enrolled(user)
    code = second_factor.new_recovery_codes(user)[0]
    first = password_only(user)
    assert first.post(VERIFY, {"code": code.upper()})["Location"] == ADMIN
    assert first.get(ADMIN).status_code == 200
    again = password_only(user)
    assert again.post(VERIFY, {"code": code}).status_code == 400
    assert again.get(ADMIN)["Location"].startswith(VERIFY)
    assert second_factor.recovery_codes_left(user) == second_factor.RECOVERY_CODE_COUNT - 1


def test_wrong_codes_are_throttled_so_six_digits_cannot_be_guessed(settings):
    """After a wrong code the device refuses every code, the right one too, until the wait is over
    (factor × 1, 2, 4 … seconds, doubling per failure); guesses during the wait are not even checked.
    The factor is raised to a minute here so the burst below fits in the first wait on a slow machine."""
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1 and settings.OTP_STATIC_THROTTLE_FACTOR >= 1
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    device = enrolled(user)
    client = password_only(user)
    right = code_for(device)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert gettext("That code is not right. Try the current one.") in response.content.decode()
    for guess in range(20):
        response = client.post(VERIFY, {"code": f"{guess:06d}"})
        assert response.status_code == 400
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # The page says until when (the first failure plus the wait), not that the code was wrong.
    until = timezone.localtime(device.throttling_failure_timestamp + timedelta(seconds=60))
    assert until.strftime("%H:%M:%S") in response.content.decode()
    assert gettext("That code is not right. Try the current one.") not in response.content.decode()
    assert client.get(ADMIN)["Location"].startswith(VERIFY)

    # Once the wait is over (the failure moved a minute into the past), the right code passes.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=61)
    )
    assert client.post(VERIFY, {"code": right})["Location"] == ADMIN


def test_organisation_and_editor_accounts_are_not_asked_for_a_second_factor(org_a):
    editor = make_user("editor1", roles.PROPAGANDA_EDITORS)
    site_admin = make_user("siteadmin1", roles.SITE_ADMINS)
    organisation_user, _ = create_organisation_account(org_a, "org-user")
    for user in (editor, site_admin, organisation_user):
        assert password_only(user).get(ADMIN).status_code == 200, user.username


def test_an_editor_may_turn_it_on_and_is_then_asked_for_it():
    editor = make_user("editor1", roles.PROPAGANDA_EDITORS)
    client = password_only(editor)
    assert "Set up" in client.get(MANAGE).content.decode() or "设置" in client.get(MANAGE).content.decode()
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 200
    assert password_only(editor).get(ADMIN)["Location"].startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones():
    user = make_user("root", superuser=True)
    client = Client()
    login(client, user)
    old = second_factor.new_recovery_codes(user)
    response = client.post(MANAGE)
    assert response.status_code == 200
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == second_factor.RECOVERY_CODE_COUNT and not new & set(old)
    assert all(code in response.content.decode() for code in new)
    assert password_only(user).post(VERIFY, {"code": old[0]}).status_code == 400


def test_a_superuser_resets_another_users_second_factor_and_it_is_logged():
    reviewer = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    reviewer_client = Client()
    login(reviewer_client, reviewer)
    assert reviewer_client.get(ADMIN).status_code == 200
    root = make_user("root", superuser=True)
    client = Client()
    login(client, root)
    url = reverse("accounts_second_factor_reset", args=[reviewer.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    entry = ModelLogEntry.objects.get(action="accounts.second_factor.reset", object_id=str(reviewer.pk))
    assert entry.user == root
    # The reviewer's session, verified with the removed device, must set up a new app.
    assert reviewer_client.get(ADMIN)["Location"].startswith(SETUP)


def test_only_superusers_reset_a_second_factor():
    reviewer = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    device = enrolled(reviewer)
    url = reverse("accounts_second_factor_reset", args=[reviewer.pk])
    for user in (
        make_user("siteadmin1", roles.SITE_ADMINS),
        make_user("chair1", roles.AWARD_COMMITTEE_CHAIR),
    ):
        client = Client()
        login(client, user)
        response = client.post(url)
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        assert (response.status_code, response.get("Location")) == (302, ADMIN), user.username
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_reset_button_is_in_the_user_listing_for_superusers_only():
    reviewer = make_user("reviewer1", roles.CIVIL_AFFAIRS_REVIEWERS)
    reset_url = reverse("accounts_second_factor_reset", args=[reviewer.pk])
    root = Client()
    login(root, make_user("root", superuser=True))
    assert reset_url in root.get(reverse("wagtailusers_users:index")).content.decode()
    manager = Client()
    login(manager, make_user("siteadmin1", roles.SITE_ADMINS))
    assert reset_url not in manager.get(reverse("wagtailusers_users:index")).content.decode()


def test_account_settings_changes_are_still_audit_logged_behind_django_otp():
    """django-otp wraps request.user in a second lazy object; Wagtail's audit log then dropped
    ``log(request.user, "wagtail.edit")`` from the account page without a word. The middleware unwraps
    the user so the entry is written."""
    from tests.factories import soup

    editor = make_user("editor1", roles.PROPAGANDA_EDITORS)
    client = Client()
    login(client, editor)
    form = soup(client.get("/admin/account/")).find("form", method=re.compile("post", re.I))
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit", "password"):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", "") if option else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "") if field.name == "input" else field.text
    data.update({"name_email-first_name": "新名字", "name_email-last_name": "王"})
    response = client.post("/admin/account/", data)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.first_name == "新名字"
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(editor.pk)).exists()
