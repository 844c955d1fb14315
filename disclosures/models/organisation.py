"""Organisations: the directory (DisclosureIndexPage), each charity's profile (OrganisationPage) and
its former names, with the enumerations that describe an organisation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from wucheng_site.pages import SectionIndexPage, SitePage
from wucheng_site.routing import ChildRouteMixin

from .. import compliance, credit_code, name_order
from .disclosure import DisclosurePage


class OrganisationKind(models.TextChoices):
    FOUNDATION = "foundation", _("Foundation")
    SOCIAL_GROUP = "social_group", _("Social group")
    SOCIAL_SERVICE_ORG = "social_service_org", _("Social service organisation")


class Rating(models.TextChoices):
    """The civil-affairs evaluation rating (社会组织评估等级)."""

    FIVE_A = "5A", "5A"
    FOUR_A = "4A", "4A"
    THREE_A = "3A", "3A"
    TWO_A = "2A", "2A"
    ONE_A = "1A", "1A"


class Town(models.TextChoices):
    """婺城区 towns, townships and sub-districts (乡镇街道); the name is the value and the label in
    every language (names of places are not translated)."""

    CHENGDONG = "城东街道", "城东街道"
    CHENGZHONG = "城中街道", "城中街道"
    CHENGXI = "城西街道", "城西街道"
    CHENGBEI = "城北街道", "城北街道"
    JIANGNAN = "江南街道", "江南街道"
    XIGUAN = "西关街道", "西关街道"
    SANJIANG = "三江街道", "三江街道"
    XINSHI = "新狮街道", "新狮街道"
    QIUBIN = "秋滨街道", "秋滨街道"
    LUODIAN = "罗店镇", "罗店镇"
    YAFAN = "雅畈镇", "雅畈镇"
    ANDI = "安地镇", "安地镇"
    BAILONGQIAO = "白龙桥镇", "白龙桥镇"
    LANGYA = "琅琊镇", "琅琊镇"
    JIANGTANG = "蒋堂镇", "蒋堂镇"
    TANGXI = "汤溪镇", "汤溪镇"
    LUOBU = "罗埠镇", "罗埠镇"
    YANGBU = "洋埠镇", "洋埠镇"
    QIANXI = "乾西乡", "乾西乡"
    CHANGSHAN = "长山乡", "长山乡"
    SUMENG = "苏孟乡", "苏孟乡"
    ZHUMA = "竹马乡", "竹马乡"
    SHAFAN = "沙畈乡", "沙畈乡"
    TASHI = "塔石乡", "塔石乡"
    LINGSHANG = "岭上乡", "岭上乡"
    RUOYANG = "箬阳乡", "箬阳乡"
    SHENFAN = "莘畈乡", "莘畈乡"


class DisclosureIndexPage(RoutablePageMixin, ChildRouteMixin, SectionIndexPage):
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
        from .. import presenters

        return self.render(request, context_overrides=presenters.directory(self, request.GET, request))

    @path("compliance/")
    def compliance_overview(self, request):
        from .. import presenters

        return self.render(
            request,
            context_overrides=presenters.compliance_overview(self, request.GET, request),
            template="disclosures/compliance_overview.html",
        )


class OrganisationPage(ChildRouteMixin, SitePage):
    """A charity organisation's public profile (the page's title is its registered name)."""

    name_en = models.CharField(
        _("English name"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site; without it the registered Chinese name is shown there."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        validators=[credit_code.validate],
        help_text=_("统一社会信用代码: 18 characters, checked by its GB 32100 check character."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
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
    rating = models.CharField(_("evaluation rating"), max_length=2, choices=Rating.choices, blank=True)
    rating_year = models.PositiveSmallIntegerField(_("rating year"), null=True, blank=True)
    town = models.CharField(_("town or street"), max_length=20, choices=Town.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    contact_phone = models.CharField(_("public telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(
        _("email"), blank=True, help_text=_("Also where disclosure reminders are sent.")
    )
    website = models.URLField(_("website"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    business_scope = models.TextField(_("scope of activities"), blank=True)
    # Derived from the title on every save (disclosures/name_order.py): the directory's pinyin order.
    name_sort_key = models.TextField(editable=False, blank=True, default="")

    content_panels = Page.content_panels + [
        FieldPanel("name_en"),
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
        index.SearchField("name_en"),
        index.RelatedFields("former_names", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("town"),
        index.FilterField("public_fundraising"),
    ]

    api_fields = [
        APIField("name_en"),
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

    def english_title(self):
        return self.name_en

    def clean(self):
        super().clean()
        # Here as well as in save(): the importer inserts new organisations in bulk, after full_clean.
        self.name_sort_key = name_order.sort_key(self.title)
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

    def save(self, *args, **kwargs):
        self.name_sort_key = name_order.sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort_key"}
        return super().save(*args, **kwargs)

    @property
    def active_since(self):
        return self.recognised_on or self.registered_on or datetime.date(2016, 9, 1)

    def compliance_facts(self):
        return compliance.Organisation(
            active_since=self.active_since,
            public_fundraising=self.public_fundraising,
            public_fundraising_since=self.public_fundraising_since,
        )

    def published_disclosures(self, request=None):
        from wucheng_site.page_queries import public

        return public(DisclosurePage.objects.child_of(self).live(), request)

    def child_route_queryset(self):
        # With the record's date known, so the disclosure page needs no query for it.
        from ..record import with_record_dates

        return with_record_dates(super().child_route_queryset())

    def get_context(self, request, *args, **kwargs):
        from ..profile import profile_context

        context = super().get_context(request, *args, **kwargs)
        context.update(profile_context(self, request))
        return context


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
