"""Disclosures: one DisclosurePage per report, plan, progress update, transaction or correction, with
its PDF attachments."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from wucheng_site import params  # noqa: F401 - registers the <id:…> converter of the routes below
from wucheng_site.pages import DocumentAttachment, SitePage

from .. import integrity
from ..compliance import DisclosureType, TrustRole
from ..figures import FIGURE_FIELDS, YearFigures
from ..forms import DisclosurePageForm
from ..panels import RecordPanel

# Progress/result types and the plan types they report on.
REPORTS_ON = {
    DisclosureType.FUNDRAISING_PROGRESS: DisclosureType.FUNDRAISING_PLAN,
    DisclosureType.FUNDRAISING_RESULT: DisclosureType.FUNDRAISING_PLAN,
    DisclosureType.PROJECT_PROGRESS: DisclosureType.PROJECT,
}


def money(label):
    """An amount in yuan, optional (only some disclosure types carry figures)."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, null=True, blank=True)


class DisclosurePage(RoutablePageMixin, SitePage):
    """One disclosure of one organisation: a report, a plan, a progress update, a correction …"""

    disclosure_type = models.CharField(_("type"), max_length=30, choices=DisclosureType.choices)
    year = models.PositiveSmallIntegerField(_("reporting year"))
    # The record's date is the platform's own clock (``first_published_at``). An earlier date may be
    # declared only with where it was first published, and counts once a reviewer confirmed it
    # (record.DeclaredDateConfirmation; rule in integrity.record_date, docs/compliance.md).
    declared_on = models.DateField(
        _("first published elsewhere on"),
        null=True,
        blank=True,
        help_text=_(
            "Only if this was published before it appears here, e.g. on the national platform 慈善中国. "
            "Counts for the disclosure record once the civil-affairs bureau has confirmed it; until "
            "then the date of first publication on this site counts."
        ),
    )
    declared_where = models.CharField(
        _("first published where"),
        max_length=120,
        blank=True,
        help_text=_("Required with an earlier date: the platform, website or newspaper."),
    )
    declared_url = models.URLField(
        _("link to the first publication"), blank=True, help_text=_("Where a reviewer can check it.")
    )
    correction_note = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_(
            "Required when a published disclosure's text, figures or attachments change: what changed "
            "and why. Published with the new version; the earlier version stays readable."
        ),
    )
    # Set by the importer when a correction names a disclosure that is not there (or none): staff link
    # it (Reports → Unlinked corrections).
    corrects_title = models.CharField(_("corrects (title given on import)"), max_length=255, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    event_date = models.DateField(
        _("event date"),
        null=True,
        blank=True,
        help_text=_("For transactions, major events and trusts set up: disclosure is due within 30 days."),
    )
    trust_role = models.CharField(
        _("role in the trust"), max_length=10, choices=TrustRole.choices, blank=True
    )
    related_disclosure = models.ForeignKey(
        "self",
        verbose_name=_("related disclosure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text=_(
            "For a progress or result report: the fundraising plan or project it reports on. "
            "For a correction: the disclosure it corrects."
        ),
    )
    body = RichTextField(
        _("text"), blank=True, features=["bold", "italic", "ol", "ul", "link", "document-link"]
    )

    total_income = money(_("total income"))
    donation_income = money(_("donation income"))
    government_grants = money(_("government grants"))
    total_expenditure = money(_("total expenditure"))
    charitable_expenditure = money(_("charitable expenditure"))
    management_expenses = money(_("management expenses"))
    fundraising_costs = money(_("fundraising costs"))
    net_assets = money(_("net assets"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("disclosure_type"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("declared_on"), FieldPanel("declared_where")]),
                FieldPanel("declared_url"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("event_date"), FieldPanel("trust_role")]),
                PageChooserPanel("related_disclosure", "disclosures.DisclosurePage"),
                FieldPanel("not_a_duplicate"),
            ],
            heading=_("Disclosure"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("total_income"), FieldPanel("donation_income")]),
                FieldRowPanel([FieldPanel("government_grants"), FieldPanel("total_expenditure")]),
                FieldRowPanel([FieldPanel("charitable_expenditure"), FieldPanel("management_expenses")]),
                FieldRowPanel([FieldPanel("fundraising_costs"), FieldPanel("net_assets")]),
            ],
            heading=_("Financial figures (yuan; annual and financial reports)"),
        ),
        InlinePanel("attachments", label=_("Attachments (PDF)")),
        FieldPanel("correction_note"),
        RecordPanel(heading=_("The record: dates, changes and duplicates")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("body"),
        # People name the organisation with what they seek (春晖 审计报告) while a title seldom does.
        index.SearchField("organisation_name"),
        index.FilterField("disclosure_type"),
        index.FilterField("year"),
        index.RelatedFields(
            "attachments",
            [
                index.SearchField("title"),
                index.RelatedFields("document", [index.SearchField("extracted_text")]),
            ],
        ),
    ]

    api_fields = [
        APIField("disclosure_type"),
        APIField("year"),
        APIField("first_published_at"),
        APIField("declared_on"),
        APIField("declared_where"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("body"),
        *(APIField(name) for name in FIGURE_FIELDS),
    ]

    base_form_class = DisclosurePageForm
    parent_page_types = ["disclosures.OrganisationPage"]
    subpage_types = []
    page_description = _("One disclosure: a report, plan, progress update, transaction or correction.")

    class Meta:
        verbose_name = _("Disclosure")
        verbose_name_plural = _("Disclosures")

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.declared_on and not self.declared_where.strip():
            errors["declared_where"] = _("Say where it was first published on that date.")
        if self.declared_on and self.declared_on > timezone.localdate():
            errors["declared_on"] = _("The date it was first published cannot be in the future.")
        if self.related_disclosure_id and self.related_disclosure_id == self.pk:
            errors["related_disclosure"] = _("A disclosure cannot refer to itself.")
        if self.year and not 1990 <= self.year <= timezone.localdate().year + 1:
            errors["year"] = _("Enter a year between 1990 and next year.")
        if errors:
            raise ValidationError(errors)

    @property
    def type_label(self):
        return dict(DisclosureType.choices).get(self.disclosure_type, self.disclosure_type)

    def english_title(self):
        """ "Fundraising progress, 1 Jul 2025 – 30 Sep 2025": its type and period in the active
        language, for the English site (the organisation's name is on the page above it)."""
        if self.period_start and self.period_end:
            period = f"{date_format(self.period_start)} – {date_format(self.period_end)}"
        else:
            period = str(self.year)
        return f"{self.type_label}, {period}"

    @property
    def platform_published_on(self):
        """The day this disclosure was first published on this site: the platform's own clock."""
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    @property
    def declared_date_confirmed(self):
        """Whether a reviewer confirmed the declared date as it now stands (querysets may annotate it,
        see ``record.with_record_dates``)."""
        if not self.declared_on or not self.pk:
            return False
        if not hasattr(self, "_declared_confirmed"):
            self._declared_confirmed = self.declared_date_confirmations.filter(
                declared_on=self.declared_on
            ).exists()
        return self._declared_confirmed

    @declared_date_confirmed.setter
    def declared_date_confirmed(self, value):
        self._declared_confirmed = value

    @property
    def disclosed_on(self):
        """The date judged against deadlines (integrity.record_date)."""
        return integrity.record_date(
            self.platform_published_on, self.declared_on, self.declared_date_confirmed
        )

    def year_figures(self):
        return YearFigures(self.year, **{name: getattr(self, name) for name in FIGURE_FIELDS})

    @property
    def has_figures(self):
        return any(getattr(self, name) is not None for name in FIGURE_FIELDS)

    @classmethod
    def get_indexed_objects(cls):
        """With the organisation's name (the parent page's title) read in the same query, so that
        ``update_index`` does not look up the parent of every disclosure."""
        name = Page.objects.filter(path=outer_parent_path()).values("title")[:1]
        return super().get_indexed_objects().annotate(indexed_organisation_name=Subquery(name))

    def organisation_name(self):
        """The organisation's name, indexed with the disclosure (the importer and ``get_indexed_objects``
        supply it; otherwise one query for the parent's title)."""
        known = getattr(self, "indexed_organisation_name", None)
        if known is None and self.path:
            parent_path = self.path[: -Page.steplen]
            known = Page.objects.filter(path=parent_path).values_list("title", flat=True).first() or ""
        return known or ""

    def get_context(self, request, *args, **kwargs):
        from ..profile import disclosure_context

        context = super().get_context(request, *args, **kwargs)
        context.update(disclosure_context(self, request))
        return context

    @path("history/<id:revision_id>/")
    def published_version(self, request, revision_id):
        """An earlier published version, so corrections never erase what was first disclosed."""
        from ..profile import published_version

        return published_version(request, self, revision_id)

    def save(self, *args, **kwargs):
        if self.disclosure_type in REPORTS_ON and not self.related_disclosure_id and self.pk is None:
            self.related_disclosure = guess_reported_plan(self)
        super().save(*args, **kwargs)


def outer_parent_path():
    """The tree path of the parent of the outer query's page (for a subquery on its parent)."""
    return Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)


QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")


def guess_reported_plan(report):
    """The plan or project a progress/result report is about, when nobody said.

    Imports carry no link, so we use the name in quotes shared by both titles (“银龄助餐”), or the only
    plan of the right kind the organisation has. Returns None when unsure.
    """
    plan_type = REPORTS_ON.get(report.disclosure_type)
    parent = report.get_parent() if report.pk or report.path else None
    if plan_type is None or parent is None:
        return None
    siblings = DisclosurePage.objects.child_of(parent).filter(disclosure_type=plan_type)
    return reported_plan_among(report, [p for p in siblings if p.pk != report.pk])


def reported_plan_among(report, plans):
    """``guess_reported_plan`` among ``plans`` (the organisation's plans of the right type, in tree
    order) without the database: the bulk import knows them already."""
    names = set(QUOTED.findall(report.title))
    named = [p for p in plans if names & set(QUOTED.findall(p.title))]
    if len(named) == 1:
        return named[0]
    if not names and len(plans) == 1:
        return plans[0]
    return None


class DisclosureAttachment(DocumentAttachment):
    page = ParentalKey(DisclosurePage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(DocumentAttachment.Meta):
        verbose_name = _("attachment")
