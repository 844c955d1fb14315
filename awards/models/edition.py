"""The award's section and editions: AwardIndexPage, AwardEditionPage with its categories (quotas)
and rubric, and the kinds of nominee."""

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
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from wucheng_site.form_flow import public_form_routes
from wucheng_site.page_queries import default_locale_id, public
from wucheng_site.pages import SectionIndexPage, SitePage
from wucheng_site.routing import ChildRouteMixin

from .. import phases


class NomineeKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    PROJECT = "project", _("Charity project")


def default_locale_page(page):
    """The page in the default (Chinese) tree: nominations and reviews belong to the source edition
    whichever language the visitor used."""
    default = default_locale_id()
    if page.locale_id == default:
        return page
    return page.get_translation_or_none(default) or page


class AwardIndexPage(RoutablePageMixin, ChildRouteMixin, SectionIndexPage):
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
        from .. import presenters

        return self.render(
            request, context_overrides=presenters.all_winners(self), template="awards/all_winners.html"
        )


class AwardEditionPage(RoutablePageMixin, ChildRouteMixin, SitePage):
    """One edition of the award: its rules, categories (with quotas), rubric and dated phases."""

    child_route_model = "awards.AwardWinnerPage"  # most children are winners (wucheng_site/routing.py)

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

    # The notice and winner pages build on this module (their models point at it), hence the imports here.
    def child_route_queryset(self):
        # A winner page shows its category, photo and organisation: loaded with it.
        return super().child_route_queryset().select_related("category", "photo", "organisation")

    def winner_pages(self, request=None):
        from .announcement import AwardWinnerPage

        return public(AwardWinnerPage.objects.child_of(self).live(), request)

    def notice_page(self, request=None):
        from .announcement import AwardNoticePage

        return public(AwardNoticePage.objects.child_of(self).live(), request).first()

    def get_context(self, request, *args, **kwargs):
        from .. import presenters

        context = super().get_context(request, *args, **kwargs)
        context.update(presenters.edition_context(self, request))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    nominate, nomination_received = public_form_routes(
        "nominate/", "awards.form_views.NominationFlow", "nominate", "nomination_received"
    )

    @path("status/")
    def status(self, request):
        from .. import form_views

        return form_views.nomination_status(request, self)


class AwardCategory(TranslatableMixin, Orderable):
    """A category of one edition (enterprises, individuals, collectives, projects) and its quota.

    Translatable (wagtail-localize translates the name with the page); the English copy shares the
    ``translation_key``, which is how a nomination made in English finds the Chinese category."""

    edition = ParentalKey(AwardEditionPage, related_name="categories", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=60)
    nominee_kind = models.CharField(_("who may be nominated"), max_length=20, choices=NomineeKind.choices)
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
