"""Derived figures kept per organisation for the directory (OrganisationSummary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import OrganisationPage


class OrganisationSummary(models.Model):
    """Figures about an organisation kept up to date for the directory's filters and sorting.

    Derived data, never edited: kept outside the page so page revisions cannot overwrite it.
    Refreshed when a disclosure is published or unpublished, by the importer, and daily by
    ``refresh_compliance`` (deadlines pass even when nothing is published).
    """

    organisation = models.OneToOneField(OrganisationPage, on_delete=models.CASCADE, related_name="summary")
    compliance_status = models.CharField(max_length=10, blank=True)
    latest_total_income = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    latest_disclosure_on = models.DateField(null=True)
    disclosure_count = models.PositiveIntegerField(default=0)
    # The home page's on-time share (disclosures/highlights.py): obligations of the five-year record
    # already judged (on time, late or missing; not those still to come), and those met on time.
    obligations_judged = models.PositiveIntegerField(default=0)
    obligations_on_time = models.PositiveIntegerField(default=0)
    refreshed_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("organisation summary")

    def __str__(self):
        return f"{self.organisation_id}: {self.compliance_status or '-'}"
