"""Context for the award's public pages: an edition's phase, its winners by category, the notice's
shortlist, all past winners, and the home page's box.

Presenters take pages and return template context; the pages render it (their ``get_context`` and
routes) and ``templatetags/award_tags.py`` uses them. The rules live in ``phases``."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from wucheng_site.page_queries import active_locale_id, default_locale_id, public

from . import phases
from .models import (
    AwardCategory,
    AwardEditionPage,
    AwardWinnerPage,
    Nomination,
    NominationStatus,
)


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
        "phase_label": phases.Phase(current).label,
        "phase_explanation": phases.EXPLANATIONS[current],
        "next_phase_label": phases.Phase(following[0]).label if following else "",
        "next_phase_on": following[1] if following else None,
        "timeline": [
            {
                "phase": phase,
                "label": phases.Phase(phase).label,
                "starts": starts,
                "current": phase == current,
            }
            for phase, starts in schedule.starts().items()
        ],
    }


def name_categories(winners, locale_id, categories=None):
    """Set ``category_label`` on each winner page, in its language (one query for all of them, none
    when ``categories``, the edition's own in that language, are given)."""
    if categories is not None:
        names = {c.translation_key: c.name for c in categories}
    else:
        names = {w.category.translation_key: w.category.name for w in winners if w.category_id}
        # Categories in another language than the page's are looked up in the page's language.
        keys = {
            w.category.translation_key for w in winners if w.category_id and w.category.locale_id != locale_id
        }
        if keys:
            names |= dict(
                AwardCategory.objects.filter(translation_key__in=keys, locale_id=locale_id).values_list(
                    "translation_key", "name"
                )
            )
    for winner in winners:
        category = winner.category
        winner.category_label = names.get(category.translation_key, category.name) if category else ""
    return winners


def edition_context(edition, request=None):
    """Phase, categories, winners by category and the notice: a fixed number of queries whatever the
    number of winners."""
    categories = edition.localized_categories()
    winners = name_categories(
        list(edition.winner_pages(request).select_related("category").order_by("path")),
        edition.locale_id,
        # Winners point at the source edition's categories; this edition's own (the same, or their
        # translations) carry the same translation keys, with the names in this language.
        categories,
    )
    by_category = {}
    for winner in winners:
        by_category.setdefault(winner.category_label, []).append(winner)
    return {
        **phase_summary(edition),
        "categories": categories,
        "winners_by_category": list(by_category.items()),
        "notice": edition.notice_page(request),
    }


def shortlisted(edition):
    """The nominations on the notice: shortlisted ones, and after confirmation the winners among them
    (rejected or revoked ones leave it). Public fields only."""
    return (
        Nomination.objects.filter(
            edition=edition.source, status__in=(NominationStatus.SHORTLISTED, NominationStatus.WINNER)
        )
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


def all_winners(index_page):
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
    return {"groups": groups}


def current_edition(locale=None, request=None):
    """The newest live edition in ``locale`` (a Locale or its id; the active one by default), for the
    home page's box."""
    locale_id = getattr(locale, "pk", locale) or active_locale_id()
    return (
        public(AwardEditionPage.objects.live().filter(locale_id=locale_id), request).order_by("-year").first()
    )


def awards_won(organisation, request=None):
    """The published winner pages linked to ``organisation`` (its profile in any language), newest
    edition first, each with ``edition_title``, ``edition_year`` and ``category_label``: in the
    profile's language where it has them, else the Chinese ones. One query (one more when the
    categories' names must be looked up in the profile's language).

    Only winner pages, which the committee's decision publishes: a nomination, by whoever it was made,
    never reaches a profile (it would name a private nominator's choice)."""
    # The winner's edition is its parent: the page whose path is the winner's less one step.
    edition = AwardEditionPage.objects.live().filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - AwardEditionPage.steplen)
    )
    locale_ids = {organisation.locale_id, default_locale_id()}
    winners = list(
        public(
            AwardWinnerPage.objects.live().filter(
                organisation__translation_key=organisation.translation_key, locale_id__in=locale_ids
            ),
            request,
        )
        .annotate(
            edition_title=Subquery(edition.values("title")[:1]),
            edition_year=Subquery(edition.values("year")[:1]),
        )
        .filter(edition_title__isnull=False)
        .select_related("category")
        .order_by("-edition_year", "path")
    )
    # No winner page in this language yet: show the Chinese ones rather than nothing.
    winners = [w for w in winners if w.locale_id == organisation.locale_id] or winners
    return name_categories(winners, organisation.locale_id)
