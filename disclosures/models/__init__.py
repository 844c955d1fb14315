"""Organisation transparency (阳光慈善): organisations, their disclosures, and their standing.

Tree: DisclosureIndexPage (信息公开, the directory) → OrganisationPage (one per charity, the profile)
→ DisclosurePage (one per disclosure). Each organisation's group may add and edit only below its own
OrganisationPage; the civil-affairs review workflow on the index page publishes (docs/roles-and-workflows.md).

A package (docs/conventions.md): ``organisation`` (the directory, profiles, their enumerations),
``disclosure`` (disclosures and attachments), ``summary`` (derived figures); every public name is
re-exported here, so ``from disclosures.models import X`` works whichever module holds X. The
enumerations of the rules (DisclosureType, TrustRole, ComplianceStatus, ObligationCode) live in
``disclosures.compliance`` and are re-exported too.
"""

from ..compliance import ComplianceStatus, DisclosureType, ObligationCode, TrustRole

# The record's own models (confirmations of declared dates, corrections made in place) live apart, in
# ``disclosures.record``; imported here so Django registers them with the app.
from ..record import DeclaredDateConfirmation, DisclosureCorrection  # noqa: E402
from .disclosure import (
    QUOTED,
    REPORTS_ON,
    DisclosureAttachment,
    DisclosurePage,
    guess_reported_plan,
    money,
)
from .organisation import (
    DisclosureIndexPage,
    OrganisationFormerName,
    OrganisationKind,
    OrganisationPage,
    Rating,
    Town,
)
from .summary import OrganisationSummary

__all__ = [
    "QUOTED",
    "REPORTS_ON",
    "ComplianceStatus",
    "DeclaredDateConfirmation",
    "DisclosureAttachment",
    "DisclosureCorrection",
    "DisclosureIndexPage",
    "DisclosurePage",
    "DisclosureType",
    "ObligationCode",
    "OrganisationFormerName",
    "OrganisationKind",
    "OrganisationPage",
    "OrganisationSummary",
    "Rating",
    "Town",
    "TrustRole",
    "guess_reported_plan",
    "money",
]
