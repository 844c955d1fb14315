"""The oversight page's public forms (``OversightIndexPage``'s routes): the report form through the one
public-form flow (wucheng_site/form_flow.py), whose thanks page shows the reference and the secret token
once, and the status look-up. The report is written by ``reports.receive_report``."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from disclosures.models import OrganisationPage
from wucheng_site import form_flow
from wucheng_site.params import parse_id
from wucheng_site.public_forms import Outcome, new_reference, new_secret, normalise_reference, secret_matches

from . import handling
from .forms import ReportForm, StatusForm
from .models import Report, default_locale_organisation
from .reports import REFERENCE_PREFIX, receive_report

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


class ReportFlow(form_flow.PublicFormFlow):
    scope = "oversight-report"
    reference_prefix = REFERENCE_PREFIX
    form_class = ReportForm
    template_name = "oversight/report_form.html"
    thanks_template_name = "oversight/report_thanks.html"
    thanks_route = "report_thanks"

    def get_context(self, request):
        return _context(self.page)

    def initial(self, request):
        return {"organisation": _initial_organisation(request)}

    def save(self, form):
        report, token = receive_report(form.cleaned_data)
        return {"reference": report.reference, "token": token}

    def made_up_confirmation(self):
        return {"reference": new_reference(REFERENCE_PREFIX), "token": new_secret()}


def find_report(reference, token):
    """The report with this reference whose token matches, else None.

    An unknown reference and a wrong token are answered the same way; the hash comparison runs either way.
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
    outcome = form_flow.screen_lookup(request, form, "oversight-status", STATUS_LOOKUPS_PER_HOUR)
    report = None
    if outcome == Outcome.ACCEPTED:
        report = find_report(form.cleaned_data["reference"], form.cleaned_data["token"])
        if report is None:
            form.add_error(None, _("No report matches this reference and token. Check both and try again."))
    context = _context(page, form=None if report else form, report=report)
    response = TemplateResponse(
        request,
        "oversight/report_status.html",
        context,
        status=form_flow.lookup_status(outcome, report is not None),
    )
    response["Cache-Control"] = "private, no-store"
    return response
