"""Helpers to make users and content in tests (factories: see "Content factories" below)."""

import datetime
import itertools

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


def login(client, user):
    """Sign ``user`` in on the test client as a real session would be after every check of sign-in:
    the password (force_login), and for those who need one the second factor, recorded in the session
    by ``django_otp.login`` exactly as the verify page does (docs/staff-sign-in.md)."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import needs_verification

    client.force_login(user)
    if needs_verification(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, device)
        request.session.save()
    return user


# Smallest files that pass content validation, for tests of public upload forms.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML_BYTES = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def soup(response, status=200):
    """The parsed HTML of a response, which must have ``status`` (None: any)."""
    from bs4 import BeautifulSoup

    if status is not None:
        assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def edit_form_data(client, page, **changes):
    """What the admin's edit form of ``page`` posts when saved unchanged (every field and inline row as
    the editor shows it to the signed-in user of ``client``), with ``changes`` applied on top."""
    from django.urls import reverse

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    data = _form_values(form)
    for formset in form.formsets.values():
        data.update(_form_values(formset.management_form))
        for child in formset.forms:
            data.update(_form_values(child))
    data.update(changes)
    return data


def _form_values(form):
    import datetime

    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False or value == "":
            continue
        widget = bound.field.widget
        if type(widget).__name__.startswith("Draftail"):
            value = widget.format_value(value)
        elif isinstance(value, datetime.datetime):
            value = value.strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        data[bound.html_name] = value if isinstance(value, list) else str(value)
    return data


# --- Content factories --------------------------------------------------------------------------------
# Each test builds the content it needs on the site skeleton that the session creates with the product's
# own ``setup_site`` (sections in both languages, navigation, settings, roles): no demo content. Values
# are plain and valid; pass fields to change them. Domain-specific factories live beside the tests of
# their app (tests/<app>/conftest.py) and build on these.

_serial = itertools.count(1)


def serial():
    """A number unique within the test session (slugs, references, names)."""
    return next(_serial)


def credit_code(n=None):
    """A valid unified social credit code (GB 32100 check character) that no other factory call gives."""
    from disclosures.credit_code import check_character

    n = serial() if n is None else n
    first17 = f"5133070200{n:07d}"
    return first17 + check_character(first17)


def section(model, locale="zh-hans"):
    """The section index page of ``model`` built by setup_site, in ``locale``."""
    return model.objects.get(locale__language_code=locale)


def make_organisation(title=None, publish=True, account=None, **fields):
    """A charity organisation's profile under 信息公开 (Chinese tree); published unless ``publish`` is
    False. ``account``: a username to create the organisation's account with (its group and collection
    as the admin would)."""
    from disclosures.accounts import create_organisation_account
    from disclosures.models import DisclosureIndexPage, OrganisationPage

    n = serial()
    values = {
        "credit_code": credit_code(n),
        "kind": "social_group",
        "registered_on": datetime.date(2015, 3, 1),
        "recognised_on": datetime.date(2017, 6, 1),
        "town": "城中街道",
        "purpose": "扶贫济困，助学助老。",
    }
    values.update(fields)
    org = OrganisationPage(title=title or f"测试慈善组织{n}", slug=f"org-{n}", live=False, **values)
    section(DisclosureIndexPage).add_child(instance=org)
    revision = org.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    org.refresh_from_db()
    if account:
        user, _password = create_organisation_account(org, account)
        user.set_password(PASSWORD)
        user.save()
    return org
