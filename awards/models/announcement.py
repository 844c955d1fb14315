"""What an edition publishes: the shortlist notice (公示, AwardNoticePage) and one AwardWinnerPage
per winner."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from disclosures.models import Town
from wucheng_site.form_flow import public_form_routes
from wucheng_site.pages import SitePage

from .edition import AwardCategory, NomineeKind


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
        from .. import presenters

        context = super().get_context(request, *args, **kwargs)
        context.update(presenters.notice_context(self))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    objection, objection_received = public_form_routes(
        "objection/", "awards.form_views.ObjectionFlow", "objection", "objection_received"
    )


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
    nominee_kind = models.CharField(_("kind of winner"), max_length=20, choices=NomineeKind.choices)
    locality = models.CharField(_("town or street"), max_length=20, choices=Town.choices, blank=True)
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
        if self.organisation.locale_id == self.locale_id:
            return self.organisation
        return self.organisation.get_translation_or_none(self.locale_id) or self.organisation

    def get_context(self, request, *args, **kwargs):
        from .. import presenters

        context = super().get_context(request, *args, **kwargs)
        context["edition"] = self.get_parent().specific
        context["organisation_page"] = self.organisation_page()
        context["category_label"] = presenters.name_categories([self], self.locale_id)[0].category_label
        return context
