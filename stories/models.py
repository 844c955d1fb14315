"""Charity-culture stories (慈善文化), written by propaganda editors and approved before publishing.

Tree: StoryIndexPage (慈善文化: the listing, its filters and its feeds) → StoryPage (one story) and
CampaignPage (9·5 中华慈善日, 慈善一日捐 …). Editors write and submit; the editorial approval workflow
on the index page publishes (docs/roles-and-workflows.md, docs/stories.md).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wucheng_site.page_queries import public
from wucheng_site.pages import SectionIndexPage, SitePage
from wucheng_site.routing import ChildRouteMixin

from .blocks import FiguresBlock, StoryBodyBlock


# A fixed editorial taxonomy rather than a snippet: the four kinds come from the district plan's
# task on charity culture, their labels are translated by the catalogue like any interface string,
# and the codes are stable in filter URLs and feeds (docs/stories.md).
class StoryCategory(models.TextChoices):
    PEOPLE = "people", _("People")
    ENTERPRISES = "enterprises", _("Enterprises")
    VOLUNTEERING = "volunteering", _("Volunteering")
    CAMPAIGNS = "campaigns", _("Campaigns")
    ORGANISATIONS = "organisations", _("Organisations")


# The page types a story can be "about". One list, used by the chooser and by validation; the awards'
# winner page joins it when the awards branch lands.
SUBJECT_PAGE_TYPES = [
    "disclosures.OrganisationPage",
    "disclosures.DisclosurePage",
    "stories.CampaignPage",
    "awards.AwardWinnerPage",
]


def subject_models():
    from django.apps import apps

    return [apps.get_model(dotted) for dotted in SUBJECT_PAGE_TYPES]


class StoryIndexPage(RoutablePageMixin, ChildRouteMixin, SectionIndexPage):
    """慈善文化: stories about people, enterprises, volunteering and campaigns, with RSS and Atom feeds."""

    subpage_types = ["stories.StoryPage", "stories.CampaignPage"]
    child_route_model = "stories.StoryPage"  # most children are stories (wucheng_site/routing.py)
    page_description = _("Landing page of the story section: charity stories and campaigns.")
    per_page = 10

    class Meta:
        verbose_name = _("Story section")
        verbose_name_plural = _("Story section")

    def stories(self, request=None):
        """Live, public stories of this section (this language), newest first."""
        return public(StoryPage.objects.child_of(self).live(), request).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def campaigns(self, request=None):
        return public(CampaignPage.objects.child_of(self).live(), request).order_by("-start_date", "-pk")

    def get_context(self, request, *args, **kwargs):
        # Not SectionIndexPage's list of children: the listing route adds its own filtered list.
        return Page.get_context(self, request, *args, **kwargs)

    @path("")
    def listing(self, request):
        # Imported here: presenters build on this module (presenters → models, never the reverse at load).
        from . import presenters

        return self.render(request, context_overrides=presenters.story_listing(self, request.GET))

    @path("feed/rss/")
    def rss_feed(self, request):
        from .feeds import StoryRssFeed

        return StoryRssFeed()(request, index=self)

    @path("feed/atom/")
    def atom_feed(self, request):
        from .feeds import StoryAtomFeed

        return StoryAtomFeed()(request, index=self)


class StoryTag(TaggedItemBase):
    content_object = ParentalKey("stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class StoryPage(SitePage):
    """One story: who did what for whom, with pictures, and the organisations or projects it is about."""

    date = models.DateField(_("story date"), default=datetime.date.today)
    category = models.CharField(_("category"), max_length=20, choices=StoryCategory.choices)
    intro = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the listing, feeds and search.")
    )
    author = models.CharField(_("author"), max_length=80, blank=True)
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("Where the story first appeared, if elsewhere.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
                FieldPanel("tags"),
                FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
                FieldPanel("source_url"),
            ],
            heading=_("About the story"),
        ),
        FieldPanel("body"),
        InlinePanel(
            "subjects",
            label=_("What this story is about"),
            help_text=_("Organisations, projects (disclosures) and campaigns the story is about."),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.SearchField("category_labels"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("date"),
    ]

    api_fields = [
        APIField("date"),
        APIField("category"),
        APIField("intro"),
        APIField("author"),
        APIField("source"),
        APIField("body"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_description = _("A charity-culture story: people, enterprises, volunteers, campaigns.")

    class Meta:
        verbose_name = _("Story")
        verbose_name_plural = _("Stories")

    @property
    def category_label(self):
        return dict(StoryCategory.choices).get(self.category, self.category)

    def category_labels(self):
        """The category in both languages, so a search in either finds it."""
        labels = []
        for language in ("zh-hans", "en"):
            with translation.override(language):
                labels.append(str(self.category_label))
        return " ".join(labels)

    def subject_pages(self, request=None):
        """The live, public pages this story is about, each in the story's language where translated.

        Two queries whatever the number of subjects.
        """
        from .relations import localised_subjects

        return localised_subjects(self, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subjects"] = self.subject_pages(request)
        context["story_tags"] = list(self.tags.all())
        return context


class StorySubject(Orderable):
    """A page a story is about: an organisation, a disclosure (project), a campaign, later an award winner.

    One generic relation instead of one per target type, so adding a type is one line in
    ``SUBJECT_PAGE_TYPES``. Not translatable: the translation of a story keeps pointing at the same
    pages, and ``stories.relations`` matches pages across languages by ``translation_key``.
    """

    page = ParentalKey(StoryPage, related_name="subjects", on_delete=models.CASCADE)
    subject = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("subject", SUBJECT_PAGE_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def clean(self):
        super().clean()
        allowed = subject_models()
        if self.subject_id and self.subject.specific_class not in allowed:
            kinds = ", ".join(str(model._meta.verbose_name) for model in allowed)
            raise ValidationError(
                {"subject": _("A story can only be about one of these: %(kinds)s.") % {"kinds": kinds}}
            )


class CampaignPage(SitePage):
    """A campaign or day of action (9·5 中华慈善日, 慈善一日捐): what it is, its figures, its stories."""

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    intro = models.TextField(_("summary"), max_length=300)
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)
    figures = StreamField(
        FiguresBlock(),
        verbose_name=_("figures"),
        blank=True,
        help_text=_("Key figures of the campaign: what is counted, the value, its unit and a note."),
    )
    figures_note = models.CharField(
        _("about the figures"),
        max_length=200,
        blank=True,
        help_text=_("For example: figures as of 30 September 2025."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("figures"), FieldPanel("figures_note")], heading=_("Figures")),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("figures"),
        index.FilterField("start_date"),
    ]

    api_fields = [APIField("start_date"), APIField("end_date"), APIField("intro"), APIField("figures")]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_description = _("A campaign or day of action, with its key figures and its stories.")

    class Meta:
        verbose_name = _("Campaign")
        verbose_name_plural = _("Campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})

    def get_context(self, request, *args, **kwargs):
        from .relations import stories_about

        context = super().get_context(request, *args, **kwargs)
        context["related_stories"] = list(stories_about(self, request)[:12])
        return context
