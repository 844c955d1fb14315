"""The award's public forms (``AwardEditionPage``'s and ``AwardNoticePage``'s routes): nomination and
objection through the one public-form flow (wucheng_site/form_flow.py), and the nomination status
look-up. The changes happen in ``decisions``."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wucheng_site import form_flow
from wucheng_site.public_forms import Outcome

from . import phases
from .decisions import (
    NOMINATION_PREFIX,
    OBJECTION_PREFIX,
    DecisionError,
    find_nomination,
    receive_nomination,
    receive_objection,
)
from .forms import NominationForm, ObjectionForm, StatusForm
from .models import AwardCategory, Nomination
from .presenters import notice_context, phase_summary

STATUS_LOOKUPS_PER_HOUR = 20


def category_choices(edition):
    """(source category pk, name in the page's language) for the nomination form."""
    source = edition.source
    source_categories = list(AwardCategory.objects.filter(edition=source).order_by("sort_order"))
    if source.pk == edition.pk:
        return [(c.pk, c.name) for c in source_categories]
    names = {c.translation_key: c.name for c in AwardCategory.objects.filter(edition=edition)}
    return [(c.pk, names.get(c.translation_key, c.name)) for c in source_categories]


class NominationFlow(form_flow.PublicFormFlow):
    scope = "award-nomination"
    reference_prefix = NOMINATION_PREFIX
    form_class = NominationForm
    template_name = "awards/nomination_form.html"
    thanks_template_name = "awards/nomination_received.html"
    thanks_route = "nomination_received"
    refusals = (DecisionError,)

    def is_open(self):
        return phases.nominations_open(self.page.source.schedule, timezone.now())

    def get_context(self, request):
        context = {**super().get_context(request), **phase_summary(self.page)}
        schedule = self.page.source.schedule
        if phases.phase_on(schedule, timezone.now()) == phases.Phase.UPCOMING:
            context["opens_on"] = schedule.nomination_opens
        return context

    def form_kwargs(self, request):
        return {"categories": category_choices(self.page)}

    def save(self, form):
        data = form.cleaned_data
        category = AwardCategory.objects.get(pk=data["category"], edition=self.page.source)
        nomination = receive_nomination(self.page, category, data, data["files"], timezone.now())
        return {"reference": nomination.reference}


class ObjectionFlow(form_flow.PublicFormFlow):
    scope = "award-objection"
    reference_prefix = OBJECTION_PREFIX
    form_class = ObjectionForm
    template_name = "awards/objection_form.html"
    thanks_template_name = "awards/objection_received.html"
    thanks_route = "objection_received"
    refusals = (DecisionError,)

    def __init__(self, page):
        super().__init__(page)
        self.notice = notice_context(page)

    def is_open(self):
        return self.notice["objections_open"]

    def get_context(self, request):
        return {**super().get_context(request), **self.notice}

    def form_kwargs(self, request):
        return {
            "nominees": [
                (row["pk"], f"{row['name']}（{row['category']}）") for row in self.notice["shortlist"]
            ]
        }

    def save(self, form):
        nomination = Nomination.objects.get(pk=form.cleaned_data["nomination"])
        objection = receive_objection(self.page, nomination, form.cleaned_data)
        return {"reference": objection.reference}


def nomination_status(request, edition):
    """Status only: the nominator sees where their nomination is, never scores or comments."""
    context = {"page": edition, "self": edition}
    if request.method != "POST":
        return TemplateResponse(request, "awards/nomination_status.html", {**context, "form": StatusForm()})
    form = StatusForm(request.POST)
    outcome = form_flow.screen_lookup(request, form, "award-status", STATUS_LOOKUPS_PER_HOUR)
    nomination = None
    if outcome == Outcome.ACCEPTED:
        nomination = find_nomination(edition, form.cleaned_data["reference"], form.cleaned_data["contact"])
        if nomination is None:
            form.add_error(
                None, _("No nomination matches this reference and contact. Check both and try again.")
            )
    status = form_flow.lookup_status(outcome, found=nomination is not None)
    context.update(form=form, nomination=nomination)
    if nomination is not None:
        context["status_label"] = nomination.public_status
    return TemplateResponse(request, "awards/nomination_status.html", context, status=status)
