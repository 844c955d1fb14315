"""The triennial Wucheng Charity Award (婺城慈善奖).

Public pages: AwardIndexPage (the section, with all past winners) → AwardEditionPage (one edition:
rules, categories with quotas, dated phases, the nomination form and the status page) → the
AwardNoticePage (公示: the shortlist and the objection form) and AwardWinnerPage (one per winner, with
its citation).

Private models: Nomination (with revisions), NominationFile (in private storage), Assignment (with the
member's conflict-of-interest declaration), Score and Objection. They are not pages, not in the search
index, not in the API: only the committee sees them in the admin (``awards.permissions``); a
shortlisted nomination reaches the public only through the notice page's public fields.
See docs/awards.md.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from disclosures.models import TOWN_CHOICES
from wucheng_site.pages import SectionIndexPage, SitePage
from wucheng_site.storage import get_private_storage

from . import phases

NOMINEE_KIND_CHOICES = [
    ("enterprise", _("Enterprise")),
    ("individual", _("Individual")),
    ("collective", _("Collective")),
    ("project", _("Charity project")),
]

RECEIVED = "received"
IN_REVIEW = "in_review"
SHORTLISTED = "shortlisted"
REJECTED = "rejected"
WINNER = "winner"
REVOKED = "revoked"
NOMINATION_STATUS_CHOICES = [
    (RECEIVED, _("Received, being screened")),
    (IN_REVIEW, _("In committee review")),
    (SHORTLISTED, _("Shortlisted")),
    (REJECTED, _("Not selected")),
    (WINNER, _("Winner")),
    (REVOKED, _("Revoked")),
]

OBJECTION_RECEIVED = "received"
OBJECTION_UPHELD = "upheld"
OBJECTION_DISMISSED = "dismissed"
OBJECTION_STATUS_CHOICES = [
    (OBJECTION_RECEIVED, _("Received")),
    (OBJECTION_UPHELD, _("Upheld")),
    (OBJECTION_DISMISSED, _("Dismissed")),
]


def default_locale_page(page):
    """The page in the default (Chinese) tree: nominations and reviews belong to the source edition
    whichever language the visitor used."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


class AwardIndexPage(RoutablePageMixin, SectionIndexPage):
    """婺城慈善奖: the award's editions and all past winners."""

    subpage_types = ["awards.AwardEditionPage"]
    page_description = _("Landing page of the award section: editions and winners.")

    class Meta:
        verbose_name = _("Award section")
        verbose_name_plural = _("Award section")

    def get_listing(self):
        return AwardEditionPage.objects.child_of(self).live().public().order_by("-year", "pk")

    @path("")
    def index(self, request):
        return self.render(request)

    # The routes and get_context below import presenters and form views when called: those modules
    # build on this one (presenters → models, never the reverse at load).
    @path("winners/")
    def all_winners(self, request):
        from . import presenters

        return self.render(
            request, context_overrides=presenters.all_winners(self), template="awards/all_winners.html"
        )


class AwardEditionPage(RoutablePageMixin, SitePage):
    """One edition of the award: its rules, categories (with quotas), rubric and dated phases."""

    number = models.PositiveSmallIntegerField(_("edition number"), help_text=_("1 for the first edition."))
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), blank=True)
    rules = RichTextField(_("rules"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    nomination_opens = models.DateField(_("nominations open on"))
    nomination_closes = models.DateField(_("last day for nominations"))
    review_starts = models.DateField(_("committee review starts on"))
    notice_starts = models.DateField(_("public notice starts on"))
    notice_ends = models.DateField(_("last day of the public notice"))
    announcement_on = models.DateField(_("winners announced on"))
    reviewers_per_nomination = models.PositiveSmallIntegerField(
        _("reviewers per nomination"),
        default=3,
        help_text=_("How many committee members random assignment gives each nomination."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("year")]),
        FieldPanel("summary"),
        FieldPanel("rules"),
        InlinePanel("categories", label=_("Categories"), min_num=1),
    ]
    schedule_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nomination_opens"), FieldPanel("nomination_closes")]),
                FieldPanel("review_starts"),
                FieldRowPanel([FieldPanel("notice_starts"), FieldPanel("notice_ends")]),
                FieldPanel("announcement_on"),
            ],
            heading=_("Phases"),
            help_text=_(
                "Dates are days in Beijing time. The public page derives the current phase from them."
            ),
        ),
    ]
    review_panels = [
        FieldPanel("reviewers_per_nomination"),
        InlinePanel("criteria", label=_("Rubric"), min_num=1),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Edition")),
            ObjectList(schedule_panels, heading=_("Phases")),
            ObjectList(review_panels, heading=_("Review")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("rules"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("number"),
        APIField("year"),
        APIField("summary"),
        APIField("rules"),
        APIField("nomination_opens"),
        APIField("nomination_closes"),
        APIField("review_starts"),
        APIField("notice_starts"),
        APIField("notice_ends"),
        APIField("announcement_on"),
    ]

    parent_page_types = ["awards.AwardIndexPage"]
    subpage_types = ["awards.AwardNoticePage", "awards.AwardWinnerPage"]
    page_description = _("One edition of the award: rules, categories, phases and the nomination form.")

    class Meta:
        verbose_name = _("Award edition")
        verbose_name_plural = _("Award editions")

    @property
    def schedule(self):
        return phases.Schedule(
            self.nomination_opens,
            self.nomination_closes,
            self.review_starts,
            self.notice_starts,
            self.notice_ends,
            self.announcement_on,
        )

    def clean(self):
        super().clean()
        errors = phases.schedule_errors(self.schedule)
        if errors:
            raise ValidationError(errors)

    def phase(self, now=None):
        """The phase now, from the source (Chinese) edition's dates, in every language."""
        return phases.phase_on(self.source.schedule, now or timezone.now())

    @property
    def source(self):
        return default_locale_page(self)

    def localized_categories(self):
        """This page's categories (in its language), in order."""
        return list(self.categories.all())

    def winner_pages(self):
        return AwardWinnerPage.objects.child_of(self).live().public()

    def notice_page(self):
        return AwardNoticePage.objects.child_of(self).live().public().first()

    def get_context(self, request, *args, **kwargs):
        from . import presenters

        context = super().get_context(request, *args, **kwargs)
        context.update(presenters.edition_context(self))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("nominate/")
    def nominate(self, request):
        from . import form_views

        return form_views.nominate(request, self)

    @path("status/")
    def status(self, request):
        from . import form_views

        return form_views.nomination_status(request, self)


class AwardCategory(TranslatableMixin, Orderable):
    """A category of one edition (enterprises, individuals, collectives, projects) and its quota.

    Translatable (wagtail-localize translates the name with the page); the English copy shares the
    ``translation_key``, which is how a nomination made in English finds the Chinese category."""

    edition = ParentalKey(AwardEditionPage, related_name="categories", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=60)
    nominee_kind = models.CharField(_("who may be nominated"), max_length=20, choices=NOMINEE_KIND_CHOICES)
    quota = models.PositiveSmallIntegerField(_("quota"), help_text=_("At most this many winners."))
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("nominee_kind"), FieldPanel("quota")]),
        FieldPanel("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def in_locale(self, locale):
        return self.get_translation_or_none(locale) or self


class RubricCriterion(Orderable):
    """One criterion of the edition's weighted rubric (committee only, never shown publicly)."""

    edition = ParentalKey(AwardEditionPage, related_name="criteria", on_delete=models.CASCADE)
    name = models.CharField(_("criterion"), max_length=80)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_mark = models.PositiveSmallIntegerField(_("highest mark"), default=10)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("weight"), FieldPanel("max_mark")])]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.weight:
            raise ValidationError({"weight": _("A weight must be at least 1.")})
        if not self.max_mark:
            raise ValidationError({"max_mark": _("The highest mark must be at least 1.")})


class AwardNoticePage(RoutablePageMixin, SitePage):
    """公示: the shortlist of an edition during its public notice, and the objection form.

    Created (and republished) by the chair's "publish shortlist" action; lists only the public fields
    of shortlisted nominations (never a nominator or any contact)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["awards.AwardEditionPage"]
    subpage_types = []
    max_count_per_parent = 1
    page_description = _("The public notice (公示) of an edition's shortlist, with the objection form.")

    class Meta:
        verbose_name = _("Shortlist notice")
        verbose_name_plural = _("Shortlist notices")

    @property
    def edition(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        from . import presenters

        context = super().get_context(request, *args, **kwargs)
        context.update(presenters.notice_context(self))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("objection/")
    def objection(self, request):
        from . import form_views

        return form_views.lodge_objection(request, self)


class AwardWinnerPage(SitePage):
    """One winner of one edition: category, citation, photo, and the organisation's profile."""

    category = models.ForeignKey(
        AwardCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominee_kind = models.CharField(_("kind of winner"), max_length=20, choices=NOMINEE_KIND_CHOICES)
    locality = models.CharField(_("town or street"), max_length=20, choices=TOWN_CHOICES, blank=True)
    citation = RichTextField(
        _("citation"), features=["bold", "italic", "link"], help_text=_("Why this winner was chosen.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("nominee_kind"), FieldPanel("locality")]),
        FieldPanel("citation"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        PageChooserPanel("organisation", "disclosures.OrganisationPage"),
    ]
    # The same category and organisation in every language (the templates show their translation).
    override_translatable_fields = [SynchronizedField("category"), SynchronizedField("organisation")]
    search_fields = Page.search_fields + [index.SearchField("citation")]
    api_fields = [APIField("nominee_kind"), APIField("locality"), APIField("citation")]

    parent_page_types = ["awards.AwardEditionPage"]
    subpage_types = []
    page_description = _("A winner of the award, with the published citation.")

    class Meta:
        verbose_name = _("Award winner")
        verbose_name_plural = _("Award winners")

    def clean(self):
        super().clean()
        if self.photo_id and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})

    @property
    def edition(self):
        return self.get_parent().specific

    def organisation_page(self):
        """The organisation's profile in this page's language where it has one, else the Chinese one."""
        if self.organisation is None or not self.organisation.live:
            return None
        return self.organisation.get_translation_or_none(self.locale) or self.organisation

    def get_context(self, request, *args, **kwargs):
        from . import presenters

        context = super().get_context(request, *args, **kwargs)
        context["edition"] = self.get_parent().specific
        context["organisation_page"] = self.organisation_page()
        context["category_label"] = presenters.name_categories([self], self.locale_id)[0].category_label
        return context


# --- private models -------------------------------------------------------------------------------


class Nomination(RevisionMixin, models.Model):
    """A nomination sent in through the public form. Private: see the module docstring.

    Every decision saves a revision (who, when, the state after it) and an audit-log entry."""

    edition = models.ForeignKey(
        AwardEditionPage, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        AwardCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="nominations"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    nominee_name = models.CharField(_("nominee"), max_length=120)
    nominee_kind = models.CharField(_("kind of nominee"), max_length=20, choices=NOMINEE_KIND_CHOICES)
    locality = models.CharField(_("town or street"), max_length=20, choices=TOWN_CHOICES)
    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deeds = models.TextField(_("deeds"))
    amount = models.DecimalField(
        _("amount donated or raised (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    nominator_name = models.CharField(_("nominator"), max_length=60)
    nominator_contact = models.CharField(_("nominator's phone or email"), max_length=120)
    contact_key = models.CharField(max_length=120, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=NOMINATION_STATUS_CHOICES, default=RECEIVED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    public_summary = models.TextField(
        _("public summary"), blank=True, help_text=_("Shown on the public notice if shortlisted.")
    )
    winner_page = models.ForeignKey(
        AwardWinnerPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["submitted_at", "pk"]
        permissions = [
            ("review_nomination", "Can review the nominations assigned to them"),
            ("decide_nomination", "Can see all nominations and decide on them (committee chair)"),
        ]

    def __str__(self):
        # The reference only: this string is copied into audit-log labels and revisions, which must not
        # carry the nominee's name (docs/security.md). Admin templates show the name where allowed.
        return self.reference

    @property
    def public_status(self):
        """What the nominator's status page says: no scores, no comments, no reasons beyond status."""
        if self.status == SHORTLISTED and self.edition.phase() in (phases.SCREENING, phases.REVIEW):
            return dict(NOMINATION_STATUS_CHOICES)[IN_REVIEW]
        return self.get_status_display()


class NominationFile(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="awards/nominations/%Y/%m/", storage=get_private_storage)
    original_name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("supporting file")

    def __str__(self):
        return self.original_name


class Assignment(models.Model):
    """A member reviewing a nomination, and their conflict-of-interest declaration."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    recused = models.BooleanField(_("recused"), default=False)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_assignment_per_member")
        ]

    def __str__(self):
        return f"{self.nomination_id} → {self.member_id}"


class Score(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_scores"
    )
    marks = models.JSONField(default=dict)
    total = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score")
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="one_score_per_member")]

    def __str__(self):
        return f"{self.nomination_id} {self.member_id}: {self.total}"


class Objection(models.Model):
    """An objection lodged during the public notice; private, answered by the chair."""

    edition = models.ForeignKey(AwardEditionPage, on_delete=models.PROTECT, related_name="objections")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("shortlisted nominee"), on_delete=models.CASCADE, related_name="objections"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    name = models.CharField(_("your name"), max_length=60)
    contact = models.CharField(_("your phone or email"), max_length=120)
    grounds = models.TextField(_("grounds"))
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=OBJECTION_STATUS_CHOICES, default=OBJECTION_RECEIVED)
    response = models.TextField(_("response"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        ordering = ["received_at", "pk"]

    def __str__(self):
        return self.reference
