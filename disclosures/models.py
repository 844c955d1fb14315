"""Organisation transparency (阳光慈善): organisations, their disclosures, and their standing.

Tree: DisclosureIndexPage (信息公开, the directory) → OrganisationPage (one per charity, the profile)
→ DisclosurePage (one per disclosure). Each organisation's group may add and edit only below its own
OrganisationPage; the civil-affairs review workflow on the index page publishes (docs/roles-and-workflows.md).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wucheng_site import params  # noqa: F401 - registers the <id:…> converter of the routes below
from wucheng_site.pages import DocumentAttachment, SectionIndexPage, SitePage

from . import compliance, credit_code, integrity
from .figures import FIGURE_FIELDS, YearFigures
from .forms import DisclosurePageForm
from .panels import RecordPanel

KIND_CHOICES = [
    ("foundation", _("Foundation")),
    ("social_group", _("Social group")),
    ("social_service_org", _("Social service organisation")),
]

RATING_CHOICES = [
    ("5A", "5A"),
    ("4A", "4A"),
    ("3A", "3A"),
    ("2A", "2A"),
    ("1A", "1A"),
]

# 婺城区 towns, townships and sub-districts (乡镇街道).
TOWN_CHOICES = [
    (name, name)
    for name in (
        "城东街道",
        "城中街道",
        "城西街道",
        "城北街道",
        "江南街道",
        "西关街道",
        "三江街道",
        "新狮街道",
        "秋滨街道",
        "罗店镇",
        "雅畈镇",
        "安地镇",
        "白龙桥镇",
        "琅琊镇",
        "蒋堂镇",
        "汤溪镇",
        "罗埠镇",
        "洋埠镇",
        "乾西乡",
        "长山乡",
        "苏孟乡",
        "竹马乡",
        "沙畈乡",
        "塔石乡",
        "岭上乡",
        "箬阳乡",
        "莘畈乡",
    )
]

DISCLOSURE_TYPE_CHOICES = [
    ("annual_report", _("Annual work report")),
    ("financial_report", _("Financial accounting report")),
    ("audit_report", _("Audit report")),
    ("fundraising_plan", _("Fundraising plan")),
    ("fundraising_progress", _("Fundraising progress")),
    ("fundraising_result", _("Fundraising result")),
    ("project", _("Charity project")),
    ("project_progress", _("Project progress")),
    ("trust", _("Charity trust")),
    ("related_party", _("Related-party transaction")),
    ("major_event", _("Major event")),
    ("correction", _("Correction")),
]
DISCLOSURE_TYPES = dict(DISCLOSURE_TYPE_CHOICES)

TRUST_ROLE_CHOICES = [("trustee", _("As trustee")), ("settlor", _("As settlor"))]

OBLIGATION_LABELS = {
    compliance.ANNUAL_REPORT: _("Annual work report"),
    compliance.FINANCIAL_REPORT: _("Financial accounting report"),
    compliance.AUDIT_REPORT: _("Audit report"),
    compliance.MAJOR_PROJECTS: _("Major projects of the year"),
    compliance.PROGRESS: _("Progress report"),
    compliance.RESULTS: _("Results report"),
    compliance.TRUST_YEARLY: _("Yearly trust report"),
    compliance.WITHIN_30_DAYS: _("Disclosure within 30 days"),
}

STATUS_LABELS = {
    compliance.ON_TIME: _("On time"),
    compliance.LATE: _("Late"),
    compliance.MISSING: _("Missing"),
    compliance.DUE: _("Not yet due"),
    "": _("No obligations yet"),
}

# Progress/result types and the plan types they report on.
REPORTS_ON = {
    "fundraising_progress": "fundraising_plan",
    "fundraising_result": "fundraising_plan",
    "project_progress": "project",
}


def money(label):
    """An amount in yuan, optional (only some disclosure types carry figures)."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, null=True, blank=True)


class DisclosureIndexPage(RoutablePageMixin, SectionIndexPage):
    """信息公开: the directory of charity organisations, and the compliance overview below it."""

    subpage_types = ["disclosures.OrganisationPage"]
    page_description = _(
        "Landing page of the disclosure section: the directory of charity organisations and their disclosures."
    )

    class Meta:
        verbose_name = _("Disclosure section")
        verbose_name_plural = _("Disclosure section")

    def get_context(self, request, *args, **kwargs):
        # Not SectionIndexPage's list of children: each route adds its own list of organisations.
        return Page.get_context(self, request, *args, **kwargs)

    # The routes import presenters when called: presenters build on this module, not the reverse.
    @path("")
    def directory(self, request):
        from . import presenters

        return self.render(request, context_overrides=presenters.directory(self, request.GET))

    @path("compliance/")
    def compliance_overview(self, request):
        from . import presenters

        return self.render(
            request,
            context_overrides=presenters.compliance_overview(self, request.GET),
            template="disclosures/compliance_overview.html",
        )


class OrganisationPage(SitePage):
    """A charity organisation's public profile (the page's title is its registered name)."""

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        validators=[credit_code.validate],
        help_text=_("统一社会信用代码: 18 characters, checked by its GB 32100 check character."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=KIND_CHOICES)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    registration_authority = models.CharField(
        _("registration authority"), max_length=60, blank=True, default="婺城区民政局"
    )
    recognised_on = models.DateField(
        _("recognised as a charity on"),
        null=True,
        blank=True,
        help_text=_("Date of 慈善组织认定; disclosure obligations start then (or at registration)."),
    )
    public_fundraising = models.BooleanField(_("public-fundraising qualification"), default=False)
    public_fundraising_since = models.DateField(
        _("qualified for public fundraising on"), null=True, blank=True
    )
    tax_deductible = models.BooleanField(_("donations tax-deductible"), default=False)
    rating = models.CharField(_("evaluation rating"), max_length=2, choices=RATING_CHOICES, blank=True)
    rating_year = models.PositiveSmallIntegerField(_("rating year"), null=True, blank=True)
    town = models.CharField(_("town or street"), max_length=20, choices=TOWN_CHOICES, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    contact_phone = models.CharField(_("public telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(
        _("email"), blank=True, help_text=_("Also where disclosure reminders are sent.")
    )
    website = models.URLField(_("website"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    business_scope = models.TextField(_("scope of activities"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("credit_code"),
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("registered_on"), FieldPanel("recognised_on")]),
                FieldPanel("registration_authority"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("public_fundraising"), FieldPanel("public_fundraising_since")]),
                FieldPanel("tax_deductible"),
                FieldRowPanel([FieldPanel("rating"), FieldPanel("rating_year")]),
            ],
            heading=_("Qualifications"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("town"),
                FieldPanel("address"),
                FieldPanel("legal_representative"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("website"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("purpose"),
        FieldPanel("business_scope"),
        InlinePanel("former_names", label=_("Former names (曾用名)")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("credit_code"),
        index.FilterField("credit_code"),
        index.SearchField("purpose"),
        index.SearchField("business_scope"),
        index.SearchField("address"),
        index.RelatedFields("former_names", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("town"),
        index.FilterField("public_fundraising"),
    ]

    api_fields = [
        APIField("credit_code"),
        APIField("kind"),
        APIField("registered_on"),
        APIField("recognised_on"),
        APIField("public_fundraising"),
        APIField("tax_deductible"),
        APIField("rating"),
        APIField("rating_year"),
        APIField("town"),
        APIField("address"),
        APIField("contact_phone"),
        APIField("website"),
        APIField("purpose"),
    ]

    parent_page_types = ["disclosures.DisclosureIndexPage"]
    subpage_types = ["disclosures.DisclosurePage"]
    page_description = _("A charity organisation's profile; its disclosures are published below it.")

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")

    def clean(self):
        super().clean()
        if self.credit_code:
            self.credit_code = credit_code.normalise(self.credit_code)
            clash = (
                OrganisationPage.objects.filter(credit_code=self.credit_code)
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash:
                raise ValidationError(
                    {"credit_code": _("“%(name)s” already has this credit code.") % {"name": clash.title}}
                )

    @property
    def active_since(self):
        return self.recognised_on or self.registered_on or datetime.date(2016, 9, 1)

    def compliance_facts(self):
        return compliance.Organisation(
            active_since=self.active_since,
            public_fundraising=self.public_fundraising,
            public_fundraising_since=self.public_fundraising_since,
        )

    def published_disclosures(self):
        return DisclosurePage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        from .profile import profile_context

        context = super().get_context(request, *args, **kwargs)
        context.update(profile_context(self, request))
        return context


class DisclosurePage(RoutablePageMixin, SitePage):
    """One disclosure of one organisation: a report, a plan, a progress update, a correction …"""

    disclosure_type = models.CharField(_("type"), max_length=30, choices=DISCLOSURE_TYPE_CHOICES)
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
        _("role in the trust"), max_length=10, choices=TRUST_ROLE_CHOICES, blank=True
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
        return DISCLOSURE_TYPES.get(self.disclosure_type, self.disclosure_type)

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

    def get_context(self, request, *args, **kwargs):
        from .profile import disclosure_context

        context = super().get_context(request, *args, **kwargs)
        context.update(disclosure_context(self, request))
        return context

    @path("history/<id:revision_id>/")
    def published_version(self, request, revision_id):
        """An earlier published version, so corrections never erase what was first disclosed."""
        from .profile import published_version

        return published_version(request, self, revision_id)

    def save(self, *args, **kwargs):
        if self.disclosure_type in REPORTS_ON and not self.related_disclosure_id and self.pk is None:
            self.related_disclosure = guess_reported_plan(self)
        super().save(*args, **kwargs)


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
    plans = [p for p in siblings if p.pk != report.pk]
    names = set(QUOTED.findall(report.title))
    named = [p for p in plans if names & set(QUOTED.findall(p.title))]
    if len(named) == 1:
        return named[0]
    if not names and len(plans) == 1:
        return plans[0]
    return None


class OrganisationFormerName(Orderable):
    """A name the organisation was registered under before (曾用名), shown on its profile and found
    by search; kept when an import renames it (``--rename-organisations``)."""

    page = ParentalKey(OrganisationPage, related_name="former_names", on_delete=models.CASCADE)
    name = models.CharField(_("former name"), max_length=255)
    until = models.DateField(_("used until"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("until")])]

    class Meta(Orderable.Meta):
        verbose_name = _("former name")
        verbose_name_plural = _("former names")

    def __str__(self):
        return self.name


class DisclosureAttachment(DocumentAttachment):
    page = ParentalKey(DisclosurePage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(DocumentAttachment.Meta):
        verbose_name = _("attachment")


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
    refreshed_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("organisation summary")

    def __str__(self):
        return f"{self.organisation_id}: {self.compliance_status or '-'}"


# The record's own models (confirmations of declared dates, corrections made in place) live apart to
# keep this module short; imported here so Django registers them with the app.
from .record import DeclaredDateConfirmation, DisclosureCorrection  # noqa: E402, F401
