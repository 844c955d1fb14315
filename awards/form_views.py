"""The award's public forms: nomination, nomination status (``AwardEditionPage``'s routes) and
objection (``AwardNoticePage``'s). Request handlers, kept apart from the presenters until the public
forms share one flow; the changes happen in ``decisions``."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wucheng_site import public_forms
from wucheng_site.public_forms import rate_limited

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


def category_choices(edition):
    """(source category pk, name in the page's language) for the nomination form."""
    source = edition.source
    source_categories = list(AwardCategory.objects.filter(edition=source).order_by("sort_order"))
    if source.pk == edition.pk:
        return [(c.pk, c.name) for c in source_categories]
    names = {c.translation_key: c.name for c in AwardCategory.objects.filter(edition=edition)}
    return [(c.pk, names.get(c.translation_key, c.name)) for c in source_categories]


def nominate(request, edition):
    context = {"page": edition, "self": edition, **phase_summary(edition)}
    schedule = edition.source.schedule
    now = timezone.now()
    if not phases.nominations_open(schedule, now):
        context["closed"] = True
        context["opens_on"] = (
            schedule.nomination_opens if phases.phase_on(schedule, now) == phases.UPCOMING else None
        )
        return TemplateResponse(request, "awards/nomination_form.html", context)
    choices = category_choices(edition)
    if request.method == "POST":
        form = NominationForm(request.POST, request.FILES, categories=choices)
        outcome = public_forms.screen_submission(request, form, "award-nomination")
        status = 429 if outcome == public_forms.LIMITED else 200
        if outcome == public_forms.SPAM:
            # Answer exactly as if accepted, with a reference of the same form (docs/public-forms.md).
            reference = public_forms.new_reference(NOMINATION_PREFIX)
            return TemplateResponse(
                request, "awards/nomination_received.html", {**context, "reference": reference}
            )
        if outcome == public_forms.ACCEPTED:
            category = AwardCategory.objects.get(pk=form.cleaned_data["category"], edition=edition.source)
            try:
                nomination = receive_nomination(
                    edition, category, form.cleaned_data, form.cleaned_data["files"], now
                )
            except DecisionError as error:
                form.add_error(None, str(error))
            else:
                return TemplateResponse(
                    request, "awards/nomination_received.html", {**context, "reference": nomination.reference}
                )
    else:
        form, status = NominationForm(categories=choices), 200
    context["form"] = form
    return TemplateResponse(request, "awards/nomination_form.html", context, status=status)


def nomination_status(request, edition):
    """Status only: the nominator sees where their nomination is, never scores or comments."""
    context = {"page": edition, "self": edition}
    nomination = None
    if request.method == "POST":
        form = StatusForm(request.POST)
        if rate_limited(request, "award-status", limit=20):
            context.update(form=form, rate_limited=True)
            return TemplateResponse(request, "awards/nomination_status.html", context, status=429)
        if form.is_valid():
            nomination = find_nomination(
                edition, form.cleaned_data["reference"], form.cleaned_data["contact"]
            )
            if nomination is None:
                form.add_error(
                    None, _("No nomination matches this reference and contact. Check both and try again.")
                )
    else:
        form = StatusForm()
    context.update(form=form, nomination=nomination)
    if nomination is not None:
        context["status_label"] = nomination.public_status
    return TemplateResponse(request, "awards/nomination_status.html", context)


def lodge_objection(request, notice):
    context = {"page": notice, "self": notice, **notice_context(notice)}
    if not context["objections_open"]:
        context["closed"] = True
        return TemplateResponse(request, "awards/objection_form.html", context)
    nominees = [(row["pk"], f"{row['name']}（{row['category']}）") for row in context["shortlist"]]
    if request.method == "POST":
        form = ObjectionForm(request.POST, nominees=nominees)
        outcome = public_forms.screen_submission(request, form, "award-objection")
        status = 429 if outcome == public_forms.LIMITED else 200
        if outcome == public_forms.SPAM:
            reference = public_forms.new_reference(OBJECTION_PREFIX)
            return TemplateResponse(
                request, "awards/objection_received.html", {**context, "reference": reference}
            )
        if outcome == public_forms.ACCEPTED:
            nomination = Nomination.objects.get(pk=form.cleaned_data["nomination"])
            try:
                objection = receive_objection(notice, nomination, form.cleaned_data)
            except DecisionError as error:
                form.add_error(None, str(error))
            else:
                return TemplateResponse(
                    request, "awards/objection_received.html", {**context, "reference": objection.reference}
                )
    else:
        form, status = ObjectionForm(nominees=nominees), 200
    context["form"] = form
    return TemplateResponse(request, "awards/objection_form.html", context, status=status)
