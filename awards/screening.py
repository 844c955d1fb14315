"""Eligibility checks shown to whoever screens a nomination.

The checks are pure functions over plain values (tested exhaustively); ``gather`` at the bottom
collects those values from the database for one nomination. A check never rejects anything by
itself: it informs the reviewer, and the chair decides (and the decision is logged).

- serious-violation list: a nominee organisation with an active entry on the list is not eligible;
- disclosures: an organisation with a disclosure overdue (missing past its deadline) is not eligible,
  one that disclosed late gets a warning (民政部令第81号 record from ``disclosures.standing``);
- duplicate nominee: the same nominee (name compared after normalisation) nominated more than once in
  the edition — the nominations are merged or all but one rejected.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from disclosures.compliance import ComplianceStatus


class CheckOutcome(TextChoices):
    PASS = "pass", _("Passed")
    WARN = "warn", _("Warning")
    FAIL = "fail", _("Not eligible")
    NOT_APPLICABLE = "n/a", _("Not applicable")


# Suffixes and words that do not tell two nominees apart (公司 vs 有限公司, brackets, spaces).
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_LEGAL_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "公司")


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    outcome: str
    detail: str = ""

    @property
    def outcome_label(self):
        return CheckOutcome(self.outcome).label


def normalise_name(name):
    """Compare names as people mean them: full-width/half-width, case, spaces, punctuation and the
    company-form suffix do not matter (“婺城 爱心（集团）有限公司” = “婺城爱心(集团)公司”)."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _NOISE.sub("", text)
    for suffix in _LEGAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def check_serious_violations(has_organisation, entries):
    """``entries``: active entries of the serious-violation list for the nominee organisation, each
    with ``listed_on`` and ``reason`` (attributes or dict keys)."""
    label = _("Serious-violation list")
    if not has_organisation:
        return Check(
            "violations",
            label,
            CheckOutcome.NOT_APPLICABLE,
            _("The nominee is not a registered organisation here."),
        )
    entries = list(entries)
    if not entries:
        return Check("violations", label, CheckOutcome.PASS, _("Not on the list."))
    details = "; ".join(f"{_value(e, 'listed_on')}: {_value(e, 'reason')}" for e in entries)
    return Check("violations", label, CheckOutcome.FAIL, _("On the list: %(entries)s") % {"entries": details})


def _value(entry, name):
    return entry.get(name, "") if isinstance(entry, dict) else getattr(entry, name, "")


def check_disclosures(has_organisation, compliance_status):
    """``compliance_status`` from the organisation's summary: on_time, late, missing, due or ''."""
    label = _("Disclosures on time")
    if not has_organisation:
        return Check(
            "disclosures",
            label,
            CheckOutcome.NOT_APPLICABLE,
            _("The nominee is not a registered organisation here."),
        )
    if compliance_status == ComplianceStatus.MISSING:
        return Check("disclosures", label, CheckOutcome.FAIL, _("At least one disclosure is overdue."))
    if compliance_status == ComplianceStatus.LATE:
        return Check("disclosures", label, CheckOutcome.WARN, _("Everything was disclosed, some of it late."))
    if compliance_status in (ComplianceStatus.ON_TIME, ComplianceStatus.DUE, ComplianceStatus.NONE):
        return Check("disclosures", label, CheckOutcome.PASS, _("No disclosure is overdue."))
    return Check("disclosures", label, CheckOutcome.WARN, _("Unknown disclosure record."))


def check_duplicates(name, other_names):
    """``other_names``: nominee names of the edition's other nominations (references → names)."""
    label = _("Duplicate nominee")
    key = normalise_name(name)
    same = sorted(ref for ref, other in dict(other_names).items() if key and normalise_name(other) == key)
    if same:
        return Check(
            "duplicates",
            label,
            CheckOutcome.FAIL,
            _("Also nominated in: %(refs)s") % {"refs": ", ".join(same)},
        )
    return Check("duplicates", label, CheckOutcome.PASS, _("No other nomination of this nominee."))


def run_checks(*, name, has_organisation, violation_entries, compliance_status, other_names):
    return [
        check_serious_violations(has_organisation, violation_entries),
        check_disclosures(has_organisation, compliance_status),
        check_duplicates(name, other_names),
    ]


def eligible(checks):
    """No check failed (warnings are for the reviewer to weigh)."""
    return all(check.outcome != CheckOutcome.FAIL for check in checks)


# --- gathering from the database ------------------------------------------------------------------


def serious_violation_entries(organisation):
    """Active entries of the serious-violation list for ``organisation`` (oversight.sanctions)."""
    from oversight.sanctions import active_serious_violations

    return list(active_serious_violations(organisation))


def gather(nomination):
    """The checks for one nomination (three queries at most)."""
    organisation = nomination.organisation
    status = ComplianceStatus.NONE
    if organisation is not None:
        summary = getattr(organisation, "summary", None) if _has_summary(organisation) else None
        status = summary.compliance_status if summary else ComplianceStatus.NONE
    others = (
        type(nomination)
        .objects.filter(edition_id=nomination.edition_id)
        .exclude(pk=nomination.pk)
        .values_list("reference", "nominee_name")
    )
    return run_checks(
        name=nomination.nominee_name,
        has_organisation=organisation is not None,
        violation_entries=serious_violation_entries(organisation) if organisation is not None else [],
        compliance_status=status,
        other_names=list(others),
    )


def _has_summary(organisation):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        organisation.summary  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True
