"""Public views of the award: the edition page's context, nomination form and status page, the notice
page's shortlist and objection form, and the page of all past winners. Thin: the rules live in
``phases`` and the changes in ``decisions``."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

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
from .models import SHORTLISTED, WINNER, AwardCategory, AwardEditionPage, AwardWinnerPage, Nomination


def phase_summary(edition, now=None):
    """What the public page says about the phase: current one, what comes next and when.

    Dates always come from the Chinese (source) edition: a translation keeps its copy of the dates
    only until it is next synced, and the phase must not differ between languages meanwhile."""
    schedule = edition.source.schedule
    moment = now or timezone.now()
    current = phases.phase_on(schedule, moment)
    following = phases.next_phase(schedule, moment)
    return {
        "schedule": schedule,
        "phase": current,
        "phase_label": phases.LABELS[current],
        "phase_explanation": phases.EXPLANATIONS[current],
        "next_phase_label": phases.LABELS[following[0]] if following else "",
        "next_phase_on": following[1] if following else None,
        "timeline": [
            {"phase": phase, "label": phases.LABELS[phase], "starts": starts, "current": phase == current}
            for phase, starts in schedule.starts().items()
        ],
    }


def name_categories(winners, locale_id):
    """Set ``category_label`` on each winner page, in its language (one query for all of them)."""
    keys = {w.category.translation_key for w in winners if w.category_id}
    names = dict(
        AwardCategory.objects.filter(translation_key__in=keys, locale_id=locale_id).values_list(
            "translation_key", "name"
        )
    )
    for winner in winners:
        category = winner.category
        winner.category_label = names.get(category.translation_key, category.name) if category else ""
    return winners


def edition_context(edition):
    winners = name_categories(
        list(edition.winner_pages().select_related("category").order_by("path")), edition.locale_id
    )
    by_category = {}
    for winner in winners:
        by_category.setdefault(winner.category_label, []).append(winner)
    return {
        **phase_summary(edition),
        "categories": edition.localized_categories(),
        "winners_by_category": list(by_category.items()),
        "notice": edition.notice_page(),
    }


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


def shortlisted(edition):
    """The nominations on the notice: shortlisted ones, and after confirmation the winners among them
    (rejected or revoked ones leave it). Public fields only."""
    return (
        Nomination.objects.filter(edition=edition.source, status__in=(SHORTLISTED, WINNER))
        .select_related("category")
        .only(
            "pk",
            "nominee_name",
            "nominee_kind",
            "locality",
            "public_summary",
            "category__name",
            "category__translation_key",
        )
        .order_by("category__sort_order", "nominee_name")
    )


def notice_context(notice):
    edition = notice.get_parent().specific
    names = {c.translation_key: c.name for c in AwardCategory.objects.filter(edition=edition)}
    rows = [
        {
            "pk": n.pk,
            "name": n.nominee_name,
            "kind": n.get_nominee_kind_display(),
            "locality": n.locality,
            "summary": n.public_summary,
            "category": names.get(n.category.translation_key, n.category.name),
        }
        for n in shortlisted(edition)
    ]
    return {
        "edition": edition,
        "shortlist": rows,
        "objections_open": phases.objections_open(edition.source.schedule, timezone.now()),
        **phase_summary(edition),
    }


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


def all_winners(request, index_page):
    """Every published winner of every edition in this language, newest edition first (two queries)."""
    editions = list(AwardEditionPage.objects.child_of(index_page).live().public().order_by("-year"))
    winners = name_categories(
        list(
            AwardWinnerPage.objects.live()
            .public()
            .filter(locale_id=index_page.locale_id)
            .select_related("category")
            .order_by("path")
        ),
        index_page.locale_id,
    )
    groups = []
    for edition in editions:
        own = [w for w in winners if w.path.startswith(edition.path)]
        if own:
            groups.append((edition, own))
    return TemplateResponse(
        request,
        "awards/all_winners.html",
        {"page": index_page, "self": index_page, "groups": groups},
    )


def current_edition(locale=None):
    """The newest live edition in ``locale`` (for the home page's box)."""
    locale = locale or Locale.get_active()
    return AwardEditionPage.objects.live().public().filter(locale=locale).order_by("-year").first()
