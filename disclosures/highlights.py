"""What the home page shows of the disclosure section: key figures and the latest disclosures."""

from wagtail.models import Locale

from .compliance import ComplianceStatus
from .models import DisclosurePage, OrganisationPage, OrganisationSummary
from .record import with_record_dates


def home_highlights(latest=6):
    """Three queries whatever the amount of content."""
    default = Locale.get_default()
    organisations = OrganisationPage.objects.live().public().filter(locale=default)
    disclosures = DisclosurePage.objects.live().public().filter(locale=default)
    recent = list(
        with_record_dates(disclosures.defer("body")).order_by("-first_published_at", "-pk")[:latest]
    )
    parents = {
        org.path: org
        for org in organisations.filter(path__in={d.path[: -DisclosurePage.steplen] for d in recent}).only(
            "title", "path", "url_path", "depth"
        )
    }
    counts = {
        "organisations": organisations.count(),
        "disclosures": disclosures.count(),
        "on_time": OrganisationSummary.objects.filter(
            organisation__in=organisations, compliance_status=ComplianceStatus.ON_TIME
        ).count(),
    }
    return {
        "key_figures": counts,
        "latest_disclosures": [(d, parents.get(d.path[: -DisclosurePage.steplen])) for d in recent],
    }
