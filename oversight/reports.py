"""Receiving a report of concern: the domain write behind the public report form."""

from django.db import transaction
from wagtail.log_actions import log

from wucheng_site.public_forms import hash_secret, new_secret, unique_reference

from .models import Report, ReportEvidence

REFERENCE_PREFIX = "JB"  # 举报


@transaction.atomic
def receive_report(data):
    """Store a report and its evidence files; returns (report, secret token). Only the token's hash is
    kept: the token is shown to the reporter once and opens the status page with the reference."""
    token = new_secret()
    report = Report.objects.create(
        reference=unique_reference(REFERENCE_PREFIX, Report),
        secret_hash=hash_secret(token),
        organisation=data.get("organisation"),
        organisation_name=(data.get("organisation_name") or "").strip(),
        description=data["description"].strip(),
        reporter_name=(data.get("reporter_name") or "").strip(),
        reporter_contact=(data.get("reporter_contact") or "").strip(),
    )
    for upload in data.get("evidence") or []:
        evidence = ReportEvidence(report=report, original_name=upload.name[:255])
        evidence.file.save(upload.name, upload, save=True)
    log(report, "oversight.report.receive")
    return report, token
