"""Public oversight (公众监督): reports of concern, published inspection results, the serious-violation list.

Tree: OversightIndexPage (公众监督, one per language tree, routable: the report form, the private
status page, yearly statistics) → InspectionRoundPage (抽查结果公示, one per "双随机、一公开" round) with
its results as orderable rows linked to OrganisationPage.

Reports, their evidence and notes are private models: not pages, not ``index.Indexed``, no API
field, no reverse relation on OrganisationPage (``related_name="+"``); only civil-affairs staff see
them, in the admin (oversight/wagtail_hooks.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from wucheng_site.form_flow import public_form_routes
from wucheng_site.pages import SectionIndexPage, SitePage
from wucheng_site.storage import get_private_storage

from . import handling


def default_locale_organisation(organisation):
    """The zh-hans page of ``organisation`` (given in any locale), or None if there is none."""
    from disclosures.models import OrganisationPage

    if organisation is None:
        return None
    if organisation.locale.language_code == settings.LANGUAGE_CODE:
        return organisation
    return OrganisationPage.objects.filter(
        translation_key=organisation.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()


# ---------------------------------------------------------------------------------------------------
# Pages


class OversightIndexPage(RoutablePageMixin, SectionIndexPage):
    """公众监督: how to report a concern, yearly handling statistics, and the inspection rounds below."""

    subpage_types = ["oversight.InspectionRoundPage"]
    max_count_per_parent = 1  # one per language tree (each tree has its own home page)
    page_description = _(
        "Landing page of public oversight: the report form, handling statistics and inspection results."
    )

    class Meta:
        verbose_name = _("Oversight section")
        verbose_name_plural = _("Oversight section")

    def get_listing(self):
        return InspectionRoundPage.objects.child_of(self).live().public().order_by("-inspected_on", "-pk")

    def get_context(self, request, *args, **kwargs):
        from .statistics import report_statistics

        context = super().get_context(request, *args, **kwargs)
        context["statistics"] = report_statistics()
        context["acceptance_days"] = handling.ACCEPTANCE_DAYS
        context["conclusion_days"] = handling.CONCLUSION_DAYS
        context["serious_violations"] = list(
            SeriousViolationEntry.objects.filter(removed_on__isnull=True, listed_on__lte=timezone.localdate())
            .select_related("organisation")
            .order_by("-listed_on", "pk")
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    report, report_thanks = public_form_routes(
        "report/", "oversight.form_views.ReportFlow", "report", "report_thanks"
    )

    @path("report/status/")
    def report_status(self, request):
        from . import form_views

        return form_views.report_status(request, self)


class InspectionOutcome(models.TextChoices):
    """What an inspection found for one organisation (InspectionResult.result)."""

    COMPLIANT = "compliant", _("Compliant")
    RECTIFICATION = "rectification", _("Rectification required")
    PENALTY = "penalty", _("Penalty")


class InspectionRoundPage(SitePage):
    """One round of random inspections (双随机、一公开): when, what, how, and every result."""

    inspected_on = models.DateField(_("inspection date"))
    scope = models.TextField(_("scope"), help_text=_("What was inspected, e.g. the 2025 annual reports."))
    method = models.CharField(
        _("method"),
        max_length=200,
        default="双随机、一公开",
        help_text=_("How organisations and inspectors were drawn."),
    )
    body = RichTextField(_("text"), blank=True, features=["bold", "italic", "ol", "ul", "link"])

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("inspected_on"), FieldPanel("method")]), FieldPanel("scope")],
            heading=_("Inspection round"),
        ),
        FieldPanel("body"),
        InlinePanel("results", label=_("Results"), heading=_("Organisations drawn and their results")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("scope"),
        index.SearchField("body"),
        index.FilterField("inspected_on"),
    ]

    api_fields = [APIField("inspected_on"), APIField("scope"), APIField("method"), APIField("results")]

    parent_page_types = ["oversight.OversightIndexPage"]
    subpage_types = []
    page_description = _("Results of one round of random inspections of charity organisations.")

    class Meta:
        verbose_name = _("Inspection round")
        verbose_name_plural = _("Inspection rounds")

    def get_context(self, request, *args, **kwargs):
        from .profile import localized_organisations

        context = super().get_context(request, *args, **kwargs)
        results = list(self.results.select_related("organisation").order_by("sort_order"))
        context["results"] = localized_organisations(results, self.locale)
        return context


class InspectionResult(TranslatableMixin, Orderable):
    """One organisation drawn in a round, and what the inspection found."""

    page = ParentalKey(InspectionRoundPage, related_name="results", on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="inspection_results",
    )
    result = models.CharField(_("result"), max_length=20, choices=InspectionOutcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    rectification_deadline = models.DateField(_("rectify by"), null=True, blank=True)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("How the rectification or penalty was carried out.")
    )
    penalty = models.CharField(
        _("penalty decision"),
        max_length=300,
        blank=True,
        help_text=_("The administrative penalty and its document number, for a penalty."),
    )
    penalty_decided_on = models.DateField(_("penalty decided on"), null=True, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("result"),
        FieldPanel("findings"),
        FieldRowPanel([FieldPanel("rectification_deadline"), FieldPanel("penalty_decided_on")]),
        FieldPanel("penalty"),
        FieldPanel("outcome"),
    ]

    # wagtail-localize: the organisation, result and dates are the same in every language (the link
    # always points at the zh-hans profile); only the prose is translated.
    translatable_fields = [
        TranslatableField("findings"),
        TranslatableField("outcome"),
        TranslatableField("penalty"),
        SynchronizedField("organisation"),
        SynchronizedField("result"),
        SynchronizedField("rectification_deadline"),
        SynchronizedField("penalty_decided_on"),
    ]

    api_fields = [
        APIField("organisation"),
        APIField("result"),
        APIField("findings"),
        APIField("rectification_deadline"),
        APIField("penalty"),
        APIField("penalty_decided_on"),
        APIField("outcome"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")

    def clean(self):
        super().clean()
        if self.result == InspectionOutcome.RECTIFICATION and not self.rectification_deadline:
            raise ValidationError({"rectification_deadline": _("Give the rectification deadline.")})
        if self.result == InspectionOutcome.PENALTY and not self.penalty:
            raise ValidationError({"penalty": _("Describe the penalty decision.")})

    def save(self, *args, **kwargs):
        self.organisation = default_locale_organisation(self.organisation)
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------
# Serious-violation list


class SeriousViolationEntry(models.Model):
    """An organisation's entry on the serious-violation list (严重违法失信名单), current or removed.

    Contract used by awards screening (see oversight/sanctions.py): ``organisation`` is always the
    default-locale (zh-hans) page.
    """

    DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="serious_violation_entries",
    )
    listed_on = models.DateField(_("listed on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    authority = models.CharField(_("deciding authority"), max_length=100, default="婺城区民政局")
    document_number = models.CharField(_("document number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("serious-violation list entry")
        verbose_name_plural = _("serious-violation list")
        ordering = ["-listed_on", "pk"]

    def __str__(self):
        return f"{self.organisation.title}（{self.listed_on:%Y-%m-%d}）"

    def save(self, *args, **kwargs):
        if self.organisation_id:
            self.organisation = default_locale_organisation(self.organisation) or self.organisation
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.removed_on and self.listed_on and self.removed_on < self.listed_on:
            raise ValidationError({"removed_on": _("An entry cannot be removed before it was listed.")})

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return self.listed_on <= on and (self.removed_on is None or self.removed_on > on)


# ---------------------------------------------------------------------------------------------------
# Reports of concern (private)


class Report(models.Model):
    """A report of concern (投诉举报) about an organisation. Private: see the module docstring."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("organisation (as typed)"), max_length=200, blank=True, editable=False
    )
    description = models.TextField(_("what happened"), editable=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=100, blank=True, editable=False)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=handling.ReportStatus.choices,
        default=handling.ReportStatus.RECEIVED,
    )
    status_reason = models.TextField(
        _("reason for not accepting"), blank=True, help_text=_("Shown to the reporter on the status page.")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_reply = models.TextField(
        _("reply to the reporter"), blank=True, help_text=_("Shown to the reporter on the status page.")
    )
    decided_on = models.DateField(_("acceptance decided on"), null=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, editable=False)
    due_on = models.DateField(_("next step due"), null=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.refresh_due_on()
        super().save(*args, **kwargs)

    @property
    def received_on(self):
        return timezone.localdate(self.received_at)

    @property
    def organisation_label(self):
        return self.organisation.title if self.organisation_id else self.organisation_name

    @property
    def is_overdue(self):
        return handling.is_overdue(self.due_on, timezone.localdate())

    def refresh_due_on(self):
        self.due_on = handling.due_date(self.status, self.received_on, self.decided_on)


class ReportEvidence(models.Model):
    """A file sent with a report: private storage, downloadable by civil-affairs staff only."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=get_private_storage, upload_to="oversight/reports/%Y/%m/")
    original_name = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class ReportNote(models.Model):
    """An internal note of the staff handling a report; never shown to the reporter or the public."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.created_at:%Y-%m-%d %H:%M}"
