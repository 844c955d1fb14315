"""The oversight page's public forms: the report form, its one-time confirmation, the status page
(``OversightIndexPage``'s routes). Request handlers, kept apart until the public forms share one flow.

Thin: the rules live in forms.py, handling.py and wucheng_site/public_forms.py.
"""

from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from disclosures.models import OrganisationPage
from wucheng_site import public_forms
from wucheng_site.params import parse_id
from wucheng_site.public_forms import (
    hash_secret,
    new_reference,
    new_secret,
    normalise_reference,
    rate_limited,
    secret_matches,
    unique_reference,
)

from . import handling
from .forms import ReportForm, StatusForm
from .models import Report, ReportEvidence, default_locale_organisation

REFERENCE_PREFIX = "JB"  # 举报
STATUS_LOOKUPS_PER_HOUR = 30


def _initial_organisation(request):
    """``?organisation=<page id>`` from a profile's "report a concern" link (any locale)."""
    pk = parse_id(request.GET.get("organisation"))
    if pk is None:
        return None
    page = OrganisationPage.objects.live().public().filter(pk=pk).first()
    organisation = default_locale_organisation(page)
    return organisation.pk if organisation else None


def _context(page, **extra):
    return {"page": page, "self": page, "acceptance_days": handling.ACCEPTANCE_DAYS, **extra}


def report_form(request, page):
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        outcome = public_forms.screen_submission(request, form, "oversight-report")
        status = {public_forms.INVALID: 400, public_forms.LIMITED: 429}.get(outcome, 200)
        if outcome == public_forms.SPAM:
            # Answer as if accepted and keep nothing (docs/public-forms.md).
            confirmation = {"reference": new_reference(REFERENCE_PREFIX), "token": new_secret()}
        elif outcome == public_forms.ACCEPTED:
            report, token = save_report(form.cleaned_data)
            confirmation = {"reference": report.reference, "token": token}
        if outcome in (public_forms.SPAM, public_forms.ACCEPTED):
            return confirmation_response(request, page, confirmation)
    else:
        form = ReportForm(initial={"organisation": _initial_organisation(request)})
    return TemplateResponse(request, "oversight/report_form.html", _context(page, form=form), status=status)


@transaction.atomic
def save_report(data):
    """Store a report and its evidence; returns (report, secret token). The token is not kept."""
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


def confirmation_response(request, page, confirmation):
    """The reference and secret token, shown once, as the answer to the POST itself.

    Nothing is kept to show them later (the token exists only as a hash in the report), so no session,
    cache or log holds a token that would open the status page; the browser is told not to store the
    page either."""
    response = TemplateResponse(request, "oversight/report_thanks.html", _context(page, **confirmation))
    response["Cache-Control"] = "private, no-store"
    return response


def report_thanks(request, page):
    """Older links to the thanks page: the confirmation is only ever shown once, so go to the status page."""
    return HttpResponseRedirect(page.get_url(request) + page.reverse_subpage("report_status"))


def find_report(reference, token):
    """The report with this reference whose token matches, else None.

    An unknown reference and a wrong token are answered the same way (404); the hash comparison runs
    either way.
    """
    report = Report.objects.filter(reference=normalise_reference(reference)).first()
    stored = report.secret_hash if report else ""
    if secret_matches(token, stored) and report is not None:
        return report
    return None


def report_status(request, page):
    """Enter the reference and token (POST, so the token stays out of URLs and logs) to see the status."""
    if request.method != "POST":
        return TemplateResponse(request, "oversight/report_status.html", _context(page, form=StatusForm()))
    form = StatusForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request, "oversight/report_status.html", _context(page, form=form), status=400
        )
    if rate_limited(request, "oversight-status", limit=STATUS_LOOKUPS_PER_HOUR):
        form.add_error(
            None, _("Too many look-ups from your connection in the last hour. Please try again later.")
        )
        return TemplateResponse(
            request, "oversight/report_status.html", _context(page, form=form), status=429
        )
    report = find_report(form.cleaned_data["reference"], form.cleaned_data["token"])
    if report is None:
        raise Http404
    response = TemplateResponse(
        request, "oversight/report_status.html", _context(page, form=None, report=report)
    )
    response["Cache-Control"] = "private, no-store"
    return response
