"""The oversight demo content: present in both languages, and loading it again changes nothing."""

import pytest

from demo import oversight as demo
from oversight.models import (
    InspectionResult,
    InspectionRoundPage,
    OversightIndexPage,
    Report,
    SeriousViolationEntry,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        OversightIndexPage.objects.count(),
        InspectionRoundPage.objects.count(),
        InspectionResult.objects.count(),
        SeriousViolationEntry.objects.count(),
        Report.objects.count(),
    )


def test_demo_has_the_oversight_page_in_both_languages_rounds_reports_and_a_listed_organisation():
    assert counts() == (2, 4, 10, 1, len(demo.REPORTS))
    assert set(Report.objects.values_list("status", flat=True)) == {
        "received",
        "investigating",
        "concluded",
        "not_accepted",
    }
    assert {r.result for r in InspectionResult.objects.all()} == {"compliant", "rectification", "penalty"}


def test_loading_the_demo_again_changes_nothing(home):
    before = counts()
    assert demo.load(home) == []
    assert counts() == before


def test_demo_reports_use_obviously_fake_personal_data():
    for report in Report.objects.all():
        assert "示例" in report.description
        assert (
            not report.reporter_contact
            or report.reporter_contact.endswith(".invalid")
            or report.reporter_contact.startswith("000")
        )
