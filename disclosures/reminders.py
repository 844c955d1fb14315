"""Reminder emails about disclosures due within 30 days or overdue (``disclosure_reminders``)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import compliance
from .compliance import ComplianceStatus, ObligationCode
from .models import DisclosurePage, OrganisationPage
from .standing import RECORD_FIELDS, standing


def reminders(today=None, within_days=30):
    """[(organisation, [obligation rows])] for organisations with something to do."""
    today = today or timezone.localdate()
    organisations = list(
        OrganisationPage.objects.live().filter(locale__language_code="zh-hans").order_by("title")
    )
    by_path = {org.path: org for org in organisations}
    rows = {}
    for row in DisclosurePage.objects.live().public().only(*RECORD_FIELDS, "path", "depth"):
        parent = by_path.get(row.path[: -DisclosurePage.steplen])
        if parent is not None:
            rows.setdefault(parent.pk, []).append(row)
    found = []
    for org in organisations:
        obligations = standing(org, rows.get(org.pk, []), today)["obligations"]
        due = compliance.upcoming_or_overdue(obligations, today, within_days)
        if due:
            found.append(
                (
                    org,
                    [
                        {
                            "code": o.code,
                            "label": ObligationCode(o.code).label,
                            "subject": o.subject,
                            "year": o.year,
                            "due": o.due,
                            "overdue": o.status == ComplianceStatus.MISSING,
                            "status_label": ComplianceStatus(o.status).label,
                        }
                        for o in due
                    ],
                )
            )
    return found


def send_reminders(today=None, dry_run=False):
    """Email each organisation's contact; returns (sent, skipped-without-email) lists of organisations."""
    sent, skipped = [], []
    with translation.override("zh-hans"):
        for org, items in reminders(today):
            if not org.contact_email:
                skipped.append(org)
                continue
            body = render_to_string("disclosures/email/reminder.txt", {"organisation": org, "items": items})
            if not dry_run:
                EmailMessage(
                    subject=f"【善行婺里】{org.title}：{len(items)} 项信息公开待办",
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[org.contact_email],
                ).send()
            sent.append((org, items))
    return sent, skipped
