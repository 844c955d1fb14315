"""The eligibility checks read the organisation's disclosure record and the edition's other
nominations (awards/screening.py, database part)."""

import pytest

from awards import screening
from disclosures.models import OrganisationSummary
from tests.awards.factories import make_nomination

pytestmark = pytest.mark.django_db


def outcomes(nomination):
    return {check.key: check.outcome for check in screening.gather(nomination)}


def test_an_organisation_with_an_overdue_disclosure_is_not_eligible(edition, org_a):
    nomination = make_nomination(edition, name=org_a.title, kind="enterprise")
    nomination.organisation = org_a
    nomination.save()
    OrganisationSummary.objects.update_or_create(
        organisation=org_a, defaults={"compliance_status": "missing"}
    )
    assert outcomes(nomination)["disclosures"] == screening.CheckOutcome.FAIL
    OrganisationSummary.objects.filter(organisation=org_a).update(compliance_status="on_time")
    nomination.organisation.refresh_from_db()
    nomination = type(nomination).objects.get(pk=nomination.pk)
    assert outcomes(nomination)["disclosures"] == screening.CheckOutcome.PASS


def test_a_person_is_not_checked_against_organisation_records(edition):
    checks = outcomes(make_nomination(edition, name="张三"))
    assert checks["disclosures"] == screening.CheckOutcome.NOT_APPLICABLE
    assert checks["violations"] == screening.CheckOutcome.NOT_APPLICABLE


def test_the_same_nominee_twice_in_an_edition_is_flagged_on_both(edition):
    first = make_nomination(edition, name="婺城爱心（集团）有限公司", kind="enterprise")
    second = make_nomination(edition, name="婺城爱心(集团)公司", kind="enterprise")
    assert outcomes(first)["duplicates"] == screening.CheckOutcome.FAIL
    assert outcomes(second)["duplicates"] == screening.CheckOutcome.FAIL


def test_a_nomination_naming_a_registered_organisation_is_linked_to_it(client, org_a):
    from django.core.cache import cache

    from awards import phases
    from tests.awards.factories import make_edition

    cache.clear()
    edition = make_edition(phases.Phase.NOMINATION, slug="link")
    client.post(
        edition.url + "nominate/",
        {
            "category": edition.categories.get(nominee_kind="enterprise").pk,
            "nominee_name": org_a.title,
            "nominee_kind": "collective",
            "locality": "城中街道",
            "deeds": "组织“慈善一日捐”，所筹善款用于助学助医助老。",
            "nominator_name": "王某",
            "nominator_contact": "wang@example.com",
            "consent": "on",
        },
    )
    assert edition.nominations.get().organisation_id == org_a.pk
    cache.clear()


def test_an_organisation_on_the_serious_violation_list_is_not_eligible(edition, org_a):
    import datetime

    from oversight.models import SeriousViolationEntry

    nomination = make_nomination(edition, name=org_a.title, kind="enterprise")
    nomination.organisation = org_a
    nomination.save()
    assert outcomes(nomination)["violations"] == screening.CheckOutcome.PASS
    SeriousViolationEntry.objects.create(
        organisation=org_a, listed_on=datetime.date(2020, 1, 1), reason="测试：违规募捐"
    )
    checks = {check.key: check for check in screening.gather(nomination)}
    assert checks["violations"].outcome == screening.CheckOutcome.FAIL
    assert "测试：违规募捐" in str(checks["violations"].detail)
