"""The serious-violation list contract that awards screening relies on."""

import datetime

import pytest
from django.utils import timezone

from home.translation import translate_page
from oversight.models import SeriousViolationEntry
from oversight.sanctions import active_serious_violations

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def entry(org_b):
    return SeriousViolationEntry.objects.create(
        organisation=org_b,
        listed_on=D(2026, 1, 10),
        removed_on=D(2026, 6, 1),
        reason="测试",
        authority="婺城区民政局",
    )


def test_an_entry_is_active_from_listing_until_the_day_before_removal(entry, org_b):
    assert list(active_serious_violations(org_b, on=D(2026, 1, 9))) == []
    assert list(active_serious_violations(org_b, on=D(2026, 1, 10))) == [entry]
    assert list(active_serious_violations(org_b, on=D(2026, 5, 31))) == [entry]
    assert list(active_serious_violations(org_b, on=D(2026, 6, 1))) == []


def test_without_a_date_it_answers_for_today(org_b):
    today = timezone.localdate()
    current = SeriousViolationEntry.objects.create(organisation=org_b, listed_on=today, reason="今天列入")
    assert list(active_serious_violations(org_b)) == [current]


def test_an_entry_without_removal_stays_active(org_b):
    entry = SeriousViolationEntry.objects.create(organisation=org_b, listed_on=D(2020, 1, 1), reason="长期")
    assert list(active_serious_violations(org_b, on=D(2099, 1, 1))) == [entry]


def test_other_organisations_are_not_affected(entry, org_a):
    assert not active_serious_violations(org_a, on=D(2026, 3, 1)).exists()


def test_the_organisation_may_be_given_in_any_language_and_entries_keep_the_chinese_page(org_b, english):
    english_page = translate_page(org_b, "en", {})
    assert english_page.locale == english
    entry = SeriousViolationEntry.objects.create(
        organisation=english_page, listed_on=D(2026, 1, 1), reason="x"
    )
    assert entry.organisation_id == org_b.pk
    assert list(active_serious_violations(english_page, on=D(2026, 2, 1))) == [entry]
    assert list(active_serious_violations(org_b, on=D(2026, 2, 1))) == [entry]
