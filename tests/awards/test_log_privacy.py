"""The audit log of nominations (wucheng_site.models.PrivateLogEntry): an entry is seen only by those
who may see the nomination, and its label never carries the nominee's name.

Found by the attacker's review: a committee member refused a nomination (403) still read its reference
and nominee name, with its objections and assignments, in Reports → Site history."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts import roles
from awards import decisions
from awards.models import Nomination
from tests.awards.factories import make_nomination
from tests.factories import login, make_user
from wucheng_site.models import PrivateLogEntry

HIDDEN_NAME = "甲某某乙丙"
ASSIGNED_NAME = "丁某某戊己"


@pytest.fixture
def logged(edition, member, chair):
    """Two nominations with log entries; only the second is assigned to ``member``."""
    hidden = make_nomination(edition, name=HIDDEN_NAME)
    assigned = make_nomination(edition, name=ASSIGNED_NAME)
    other = make_user("member-x", roles.AWARD_COMMITTEE_MEMBERS)
    decisions.assign(hidden, other, chair)
    decisions.assign(assigned, member, chair)
    return {"hidden": hidden, "assigned": assigned}


def site_history(client, user):
    login(client, user)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_log_label_is_the_reference_never_the_nominee(logged):
    entries = PrivateLogEntry.objects.for_instance(logged["hidden"])
    assert entries.exists()
    assert {entry.label for entry in entries} == {logged["hidden"].reference}
    assert not ModelLogEntry.objects.filter(label__contains=HIDDEN_NAME).exists()


@pytest.mark.django_db
def test_member_sees_log_entries_of_assigned_nominations_only(client, logged, member):
    page = site_history(client, member)
    assert logged["assigned"].reference in page  # positive control: the report lists what they may see
    assert logged["hidden"].reference not in page
    assert HIDDEN_NAME not in page and ASSIGNED_NAME not in page


@pytest.mark.django_db
def test_chair_sees_every_nominations_log_entries(client, logged, chair):
    page = site_history(client, chair)
    assert logged["assigned"].reference in page and logged["hidden"].reference in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group", [roles.SITE_ADMINS, roles.CIVIL_AFFAIRS_REVIEWERS, roles.PROPAGANDA_APPROVERS]
)
def test_other_staff_see_no_nomination_log_entries(client, logged, group):
    page = site_history(client, make_user("staff", group))
    for nomination in logged.values():
        assert nomination.reference not in page


@pytest.mark.django_db
def test_migration_moves_old_nomination_entries_and_drops_the_name(edition):
    nomination = make_nomination(edition, name=HIDDEN_NAME)
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Nomination),
        object_id=str(nomination.pk),
        label=f"{nomination.reference} {HIDDEN_NAME}",
        action=decisions.ASSIGN,
        timestamp=nomination.submitted_at,
    )
    migration = importlib.import_module("awards.migrations.0003_private_nomination_log")
    migration.forwards(apps, None)
    assert not ModelLogEntry.objects.filter(
        object_id=str(nomination.pk), label__contains=HIDDEN_NAME
    ).exists()
    moved = PrivateLogEntry.objects.for_instance(nomination).get(action=decisions.ASSIGN)
    assert moved.label == nomination.reference
    assert HIDDEN_NAME not in nomination.get_latest_revision().object_str
