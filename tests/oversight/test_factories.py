"""The oversight factories build reports the way the product would have them: each status reached only
along allowed moves, with the dates and deadline that the handling rules give."""

import datetime

import pytest
from django.utils import timezone

from oversight import handling
from oversight.form_views import find_report
from oversight.handling import ReportStatus
from tests.oversight.factories import make_report, move_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", list(ReportStatus))
def test_a_report_reaches_its_status_with_the_dates_the_rules_give(status):
    report = make_report(status=status, received_days_ago=100)
    report.refresh_from_db()
    received_on = timezone.localdate() - datetime.timedelta(days=100)
    assert report.status == status and report.received_on == received_on
    assert report.decided_on == (
        None if status == ReportStatus.RECEIVED else received_on + datetime.timedelta(7)
    )
    assert report.due_on == handling.due_date(status, received_on, report.decided_on)
    assert (report.closed_on is not None) == (status in handling.CLOSED_STATUSES)
    assert bool(report.status_reason) == (status == ReportStatus.NOT_ACCEPTED)
    assert find_report(report.reference, report.token) == report


def test_a_move_the_admin_refuses_is_refused():
    report = make_report(status=ReportStatus.CONCLUDED)
    with pytest.raises(ValueError):
        move_report(report, ReportStatus.ACCEPTED)
    with pytest.raises(ValueError):
        move_report(make_report(), ReportStatus.NOT_ACCEPTED)  # without a reason
