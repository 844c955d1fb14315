"""What the home page shows of the disclosure section: key figures and the latest disclosures."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
from wagtail.models import Page

from wucheng_site.page_queries import default_locale_id, public

from .models import DisclosurePage, OrganisationPage
from .record import with_record_dates


def on_time_percent(on_time, judged):
    """Whole per cent of the judged obligations met on time, rounded down (never "100 %" while one
    was late); None when nothing has been judged yet.

    The third key figure. It used to count the organisations whose every obligation of five years
    was on time: one progress report a few days late in five years (of some twenty obligations)
    took an organisation out, so the figure read 0 on the demo and would on most real districts,
    saying nothing about how well the sector discloses. The share of obligations met on time moves
    with every disclosure. Per organisation, the directory and the compliance overview show the record.
    """
    if not judged:
        return None
    return on_time * 100 // judged


def home_highlights(request=None, latest=6):
    """Two queries whatever the amount of content (and the locale ids, read once per request).

    Profiles and disclosures are kept in Chinese only, so both languages show the Chinese tree's. The
    number of disclosures is the sum of the organisations' summaries (``standing.refresh_summary`` keeps
    them current on every publish, unpublish, deletion and import): counting 10^6 disclosure rows on
    every home page would cost more than the rest of the page together."""
    default = default_locale_id()
    organisations = public(OrganisationPage.objects.live().filter(locale_id=default), request)
    disclosures = public(DisclosurePage.objects.live().filter(locale_id=default), request)
    # The organisation's name comes with each disclosure: its parent, found by path in a subquery.
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * DisclosurePage.steplen)
    latest_pks = disclosures.order_by("-first_published_at", "-pk").values("pk")[:latest]
    # The latest ones chosen in a subquery, so the annotations are computed for them only.
    recent = list(
        with_record_dates(DisclosurePage.objects.filter(pk__in=Subquery(latest_pks)).defer("body"))
        .annotate(
            organisation_title=Subquery(Page.objects.filter(path=parent_path, live=True).values("title")[:1])
        )
        .order_by("-first_published_at", "-pk")
    )
    counts = organisations.order_by().aggregate(
        organisations=Count("pk"),
        disclosures=Coalesce(Sum("summary__disclosure_count"), 0),
        judged=Coalesce(Sum("summary__obligations_judged"), 0),
        judged_on_time=Coalesce(Sum("summary__obligations_on_time"), 0),
    )
    counts["on_time_percent"] = on_time_percent(counts["judged_on_time"], counts["judged"])
    return {
        "key_figures": counts,
        "latest_disclosures": [(d, d.organisation_title) for d in recent],
    }
