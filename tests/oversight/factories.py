"""Oversight factories: inspection rounds with their results, serious-violation list entries, reports of
concern in any status.

They build the same shapes as the demo (demo/oversight.py) with the product's own pieces: rounds added
below the 公众监督 section that setup_site built and published through a revision, translations through
wagtail-localize (``home.translation.translate_page``), reports stored by the public form's own
``oversight.reports.receive_report`` and moved along the rules of ``oversight.handling`` as the admin's edit view moves them.
"""

import datetime

from django.utils import timezone
from wagtail.log_actions import log

from home.translation import translate_page
from oversight import handling
from oversight.handling import ReportStatus
from oversight.models import (
    InspectionOutcome,
    InspectionResult,
    InspectionRoundPage,
    OversightIndexPage,
    ReportEvidence,
    SeriousViolationEntry,
)
from oversight.reports import receive_report
from tests.factories import PDF_BYTES, section, serial, upload


def make_inspection_round(results=(), title=None, publish=True, english=None, **fields):
    """An inspection round (抽查结果公示) under 公众监督 (Chinese tree).

    ``results``: one item per organisation drawn, either ``(organisation, result)`` or a dict of
    InspectionResult fields (``organisation``, ``result``, ``findings``, ``rectification_deadline``,
    ``penalty``, ``penalty_decided_on``, ``outcome``). Published unless ``publish`` is False; translated
    into English with ``english`` {zh: en} when given (the English page is ``round.english``)."""
    n = serial()
    values = {
        "title": title or f"测试年度慈善组织抽查结果公示{n}",
        "slug": f"inspection-{n}",
        "inspected_on": datetime.date(2025, 10, 15),
        "scope": "年度工作报告和信息公开情况。",
    }
    page = InspectionRoundPage(live=False, **(values | fields))
    for item in results:
        row = dict(item) if isinstance(item, dict) else {"organisation": item[0], "result": item[1]}
        row.setdefault("findings", "未发现问题。" if row["result"] == InspectionOutcome.COMPLIANT else "")
        page.results.add(InspectionResult(**row))
    section(OversightIndexPage).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    page = InspectionRoundPage.objects.get(pk=page.pk)
    page.english = translate_page(page, "en", english) if english is not None else None
    return page


def make_serious_violation(organisation, listed_on=datetime.date(2026, 7, 20), **fields):
    """An entry of ``organisation`` (a page in any language) on the serious-violation list, current
    unless ``removed_on`` is given."""
    values = {"reason": "不具备公开募捐资格开展公开募捐，受到行政处罚（测试）。", "document_number": ""}
    values.update(fields)
    entry = SeriousViolationEntry(organisation=organisation, listed_on=listed_on, **values)
    entry.full_clean()
    entry.save()
    return entry


# The path a report takes to each status: the moves the admin allows, in order.
PATHS = {
    ReportStatus.RECEIVED: (),
    ReportStatus.ACCEPTED: (ReportStatus.ACCEPTED,),
    ReportStatus.NOT_ACCEPTED: (ReportStatus.NOT_ACCEPTED,),
    ReportStatus.INVESTIGATING: (ReportStatus.ACCEPTED, ReportStatus.INVESTIGATING),
    ReportStatus.CONCLUDED: (ReportStatus.ACCEPTED, ReportStatus.CONCLUDED),
}


def make_report(
    organisation=None,
    status=ReportStatus.RECEIVED,
    received_days_ago=0,
    evidence=(),
    decided_after=7,
    closed_after=45,
    **fields,
):
    """A report of concern as the public form stores it (its evidence files, the "received" log entry),
    received ``received_days_ago`` days ago, then moved to ``status`` along the allowed path: decided
    ``decided_after`` days after receipt, concluded ``closed_after`` days after receipt.

    ``organisation``: the page reported on; without it the report names ``organisation_name``.
    ``evidence``: [(file name, bytes)]. Other ``fields``: ``description``, ``reporter_name``,
    ``reporter_contact``, ``public_reply``, ``status_reason`` (a reason is filled in for "not
    accepted"). The secret token, which only the reporter gets, is ``report.token``."""
    data = {
        "organisation": organisation,
        "organisation_name": "" if organisation else "某某互助会（测试）",
        "description": f"测试举报{serial()}：善款去向不明。",
        "reporter_name": "",
        "reporter_contact": "",
        "evidence": [upload(name, content) for name, content in evidence],
    }
    for key in ("organisation_name", "description", "reporter_name", "reporter_contact"):
        if key in fields:
            data[key] = fields.pop(key)
    report, token = receive_report(data)
    if received_days_ago:
        report.received_at = timezone.now() - datetime.timedelta(days=received_days_ago)
        report.save()
    received_on = report.received_on
    for new in PATHS[status]:
        after = closed_after if new == ReportStatus.CONCLUDED else decided_after
        reason = fields.get("status_reason") or "不属于慈善组织监督范围（测试）。"
        move_report(report, new, on=received_on + datetime.timedelta(days=after), reason=reason)
    if fields:
        for key, value in fields.items():
            setattr(report, key, value)
        report.save()
    report.token = token
    return report


def move_report(report, status, on=None, reason="", user=None):
    """Move ``report`` to ``status`` on date ``on`` (default today) as the admin's edit view does: only
    along an allowed move, with a reason when not accepting, the decision and closing dates set by
    ``handling.dates_after_move`` and the move written to the audit log."""
    old = report.status
    if not handling.can_move(old, status):
        raise ValueError(f"A report that is {old!r} cannot become {status!r}.")
    if handling.needs_reason(status):
        if not reason:
            raise ValueError("A report that is not accepted needs a reason.")
        report.status_reason = reason
    report.decided_on, report.closed_on = handling.dates_after_move(
        old, status, on or timezone.localdate(), report.decided_on, report.closed_on
    )
    report.status = status
    report.save()
    if status != old:
        log(report, "oversight.report.status", user=user, data={"from": old, "to": status})
    return report


def add_evidence(report, name="proof.pdf", content=PDF_BYTES):
    """One more evidence file on ``report`` (kept in private storage, as the form keeps them)."""
    evidence = ReportEvidence(report=report, original_name=name)
    evidence.file.save(name, upload(name, content), save=True)
    return evidence
