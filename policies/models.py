"""Policy documents (政策文件), drafted and signed off by the civil-affairs bureau.

Tree: PolicyIndexPage (政策文件, filterable list) → PolicyDocumentPage (one per document, with its task
list). The civil-affairs review workflow on the index page publishes them (docs/roles-and-workflows.md).

Besides the pages, three kinds of records are kept by staff outside the page revisions, because they
change on their own schedule and must not be overwritten by publishing a new version of the text:
task status updates and indicator values (the implementation tracker), and public comments on drafts
(private until moderated). See docs/policies.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from wucheng_site.blocks import BodyBlock
from wucheng_site.form_flow import public_form_routes
from wucheng_site.page_queries import default_locale_id
from wucheng_site.pages import DocumentAttachment, SectionIndexPage, SitePage
from wucheng_site.routing import ChildRouteMixin

from . import tracker
from .forms import PolicyDocumentPageForm


class PolicyIndexPage(RoutablePageMixin, ChildRouteMixin, SectionIndexPage):
    """政策文件: policy documents, filterable by status, issuing body and year; and the look-up of a
    public comment's status by its reference (``comments/status/``)."""

    subpage_types = ["policies.PolicyDocumentPage"]
    page_description = _(
        "Landing page of the policy section: policy documents, public comment and implementation."
    )

    class Meta:
        verbose_name = _("Policy section")
        verbose_name_plural = _("Policy section")

    def get_listing(self):
        return PolicyDocumentPage.objects.child_of(self).live().public().order_by("-issued_on", "-pk")

    def get_context(self, request, *args, **kwargs):
        # Imported here: presenters build on this module (presenters → models, never the reverse at load).
        from . import presenters

        # Not SectionIndexPage's list of children: the filtered list replaces it.
        context = Page.get_context(self, request, *args, **kwargs)
        context.update(presenters.policy_listing_context(self, request))
        return context

    @path("comments/status/", name="comment_status")
    def comment_status(self, request):
        from .form_views import comment_status_view

        return comment_status_view(request, self)


class PolicyDocumentPage(RoutablePageMixin, SitePage):
    """One policy document: its metadata, text with a table of contents, and its task list."""

    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("文号, e.g. 婺区委办〔2021〕45号.")
    )
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, help_text=_("Empty for a draft."))
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=tracker.PolicyStatus.choices, default=tracker.PolicyStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("text"), blank=True)
    comment_opens_on = models.DateField(_("comments open on"), null=True, blank=True)
    comment_closes_on = models.DateField(
        _("comments close after"), null=True, blank=True, help_text=_("The last day comments are accepted.")
    )
    feedback_summary = RichTextField(
        _("feedback summary (采纳情况)"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "How the comments received were taken into account; shown once the comment period is over."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("status")]),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("tasks", heading=_("Task list"), label=_("Task")),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        InlinePanel("related_policies", heading=_("Related policies"), label=_("Related policy")),
        InlinePanel(
            "task_evidence",
            heading=_("Evidence of the tasks"),
            label=_("Evidence page"),
            help_text=_(
                "Pages of this site that show a task's progress (an award edition, an inspection round, "
                "another policy …). The implementation progress page links the published ones; staff see "
                "where a task's status contradicts them (Reports → Tracker contradictions)."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("comment_opens_on"), FieldPanel("comment_closes_on")]),
                FieldPanel("feedback_summary"),
            ],
            heading=_("Public comment"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("document_number"),
        index.FilterField("document_number"),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tasks", [index.SearchField("measure"), index.SearchField("responsible_units")]),
        index.FilterField("status"),
    ]

    api_fields = [
        APIField("document_number"),
        APIField("issuing_body"),
        APIField("issued_on"),
        APIField("effective_on"),
        APIField("status"),
        APIField("summary"),
    ]

    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []
    page_description = _("A policy document with its task list; drafts can take public comment.")
    base_form_class = PolicyDocumentPageForm

    class Meta:
        verbose_name = _("Policy document")
        verbose_name_plural = _("Policy documents")

    def clean(self):
        super().clean()
        if (
            self.comment_opens_on
            and self.comment_closes_on
            and self.comment_closes_on < self.comment_opens_on
        ):
            raise ValidationError({"comment_closes_on": _("The comment period cannot end before it starts.")})
        if self.status == tracker.PolicyStatus.IN_FORCE and not self.issued_on:
            raise ValidationError({"issued_on": _("A policy in force needs its date of issue.")})

    @property
    def year(self):
        if self.issued_on:
            return self.issued_on.year
        when = self.first_published_at or self.latest_revision_created_at or timezone.now()
        return timezone.localtime(when).year

    @cached_property
    def source_page(self):
        """The page in the default language: task statuses, indicators and comments belong to it."""
        default = default_locale_id()
        if self.locale_id == default:
            return self
        return self.get_translation_or_none(default) or self

    def comment_state(self, today=None):
        return tracker.comment_window(
            self.status, self.comment_opens_on, self.comment_closes_on, today or timezone.localdate()
        )

    def table_of_contents(self, has_tasks):
        """(anchor, text, level) for every heading of the body, then the task list if there is one."""
        entries = [
            (f"s-{block.id}", block.value["text"], block.value["level"])
            for block in self.body
            if block.block_type == "heading"
        ]
        if has_tasks:
            entries.append(("tasks", _("Task list"), "h2"))
        return entries

    # The routes import presenters and form views when called: they build on this module.
    @path("")
    def document(self, request):
        from . import presenters

        return self.render(request, context_overrides=presenters.policy_page_context(self, request))

    comment, comment_thanks = public_form_routes(
        "comment/", "policies.form_views.CommentFlow", "comment", "comment_thanks"
    )

    @path("progress/")
    def progress(self, request):
        from . import presenters

        return self.render(
            request,
            context_overrides=presenters.progress(self, request),
            template="policies/policy_progress.html",
        )


class PolicyTask(Orderable):
    """One row of a policy's task list (任务清单)."""

    page = ParentalKey(PolicyDocumentPage, related_name="tasks", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("number"))
    area = models.CharField(_("area"), max_length=120, blank=True)
    measure = models.TextField(_("measure and target"))
    deadline = models.CharField(
        _("deadline"), max_length=20, help_text=_("As written: a year (2025年) or 长期.")
    )
    deadline_year = models.PositiveSmallIntegerField(
        _("deadline year"), null=True, blank=True, help_text=_("Empty for ongoing (长期) tasks.")
    )
    responsible_units = models.CharField(
        _("responsible units"), max_length=400, help_text=_("Separated by 、 as in the document.")
    )
    units_from_row_above = models.BooleanField(
        _("units from the row above"),
        default=False,
        help_text=_(
            "The source table left this cell empty (a merged cell): the units of the task above apply."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("area")]),
        FieldPanel("measure"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_year")]),
        FieldPanel("responsible_units"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.page.title} — {self.number}. {self.measure[:30]}"

    @property
    def units(self):
        return [unit for unit in self.responsible_units.split("、") if unit]


# Page types that can evidence a task. Add the registers here when they exist (a trust or fund register
# page, for instance); the chooser and the form accept nothing else.
EVIDENCE_PAGE_TYPES = (
    "awards.AwardEditionPage",
    "oversight.InspectionRoundPage",
    "policies.PolicyDocumentPage",
    "stories.CampaignPage",
)


def evidence_page_types():
    """``limit_choices_to`` for the evidence page: a posted id of any other page type is refused."""
    query = models.Q(pk__in=[])
    for label in EVIDENCE_PAGE_TYPES:
        app_label, model_name = label.lower().split(".")
        query |= models.Q(content_type__app_label=app_label, content_type__model=model_name)
    return query


class TaskEvidence(Orderable):
    """A page of this site that evidences one task of the policy (e.g. the 2026 award edition for task 19).

    Kept on the page (reviewed and published with it, in its revisions) rather than as a tracker record:
    what the public page links to goes through the policy's sign-off, and the page form checks that the
    editor may choose the linked page (wucheng_site/references.py). Only live, public pages are ever
    linked or named publicly, and only they count as evidence (policies/evidence.py).
    """

    page = ParentalKey(PolicyDocumentPage, related_name="task_evidence", on_delete=models.CASCADE)
    task_number = models.PositiveSmallIntegerField(_("task number"))
    evidence = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("evidence page"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=evidence_page_types,
    )
    kind = models.CharField(
        _("shows"), max_length=10, choices=tracker.EvidenceKind.choices, default=tracker.EvidenceKind.STARTED
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Public, shown with the link: what the page shows."),
    )

    panels = [
        FieldRowPanel([FieldPanel("task_number"), FieldPanel("kind")]),
        PageChooserPanel("evidence", page_type=list(EVIDENCE_PAGE_TYPES)),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("task evidence")
        verbose_name_plural = _("task evidence")


class PolicyAttachment(DocumentAttachment):
    page = ParentalKey(PolicyDocumentPage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(DocumentAttachment.Meta):
        verbose_name = _("attachment")


class PolicyRelation(Orderable):
    page = ParentalKey(PolicyDocumentPage, related_name="related_policies", on_delete=models.CASCADE)
    related = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("policy"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("related", page_type="policies.PolicyDocumentPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related policy")


def _source_tasks():
    """Statuses are recorded on the tasks of the default-language page (translations show them)."""
    return models.Q(page__locale__language_code=settings.LANGUAGE_CODE)


class TaskStatusUpdate(models.Model):
    """One entry of a task's status history, recorded by civil-affairs staff."""

    task = models.ForeignKey(
        PolicyTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="status_updates",
        limit_choices_to=_source_tasks,
    )
    status = models.CharField(_("status"), max_length=12, choices=tracker.TaskStatus.choices)
    date = models.DateField(_("date"), default=datetime.date.today)
    note = models.TextField(_("note"), blank=True, help_text=_("Public: what was done, or why it is late."))

    panels = [
        FieldPanel("task"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("date")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("task status update")
        verbose_name_plural = _("task status updates")
        ordering = ["task", "date", "pk"]

    def __str__(self):
        return f"{self.task.number}. {self.get_status_display()} ({self.date})"


class PolicyIndicator(ClusterableModel):
    """A measurable target of a policy (e.g. 经认定慈善组织 ≥ 12 by 2025) and its yearly actual values.

    Where the portal knows the actual value itself (``source`` other than manual), it is computed from
    the site's data (policies/tracker.py) and no value is typed in.
    """

    policy = models.ForeignKey(
        PolicyDocumentPage, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=30, blank=True)
    comparison = models.CharField(
        _("target is"), max_length=8, choices=tracker.Comparison.choices, default=tracker.Comparison.AT_LEAST
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    task_number = models.PositiveSmallIntegerField(_("task number"), null=True, blank=True)
    source = models.CharField(
        _("actual values"),
        max_length=30,
        choices=tracker.IndicatorSource.choices,
        default=tracker.IndicatorSource.MANUAL,
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("policy"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel(
            [FieldPanel("comparison"), FieldPanel("target"), FieldPanel("unit"), FieldPanel("unit_en")]
        ),
        FieldRowPanel([FieldPanel("target_year"), FieldPanel("task_number"), FieldPanel("sort_order")]),
        FieldPanel("source"),
        InlinePanel("values", heading=_("Actual values by year"), label=_("Value")),
    ]

    class Meta:
        verbose_name = _("policy indicator")
        verbose_name_plural = _("policy indicators")
        ordering = ["policy", "sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.policy_id and self.policy.locale.language_code != settings.LANGUAGE_CODE:
            raise ValidationError(
                {"policy": _("Choose the Chinese version of the policy; indicators apply to all.")}
            )


class IndicatorValue(Orderable):
    indicator = ParentalKey(PolicyIndicator, related_name="values", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator value")


class PolicyComment(models.Model):
    """A comment from the public on a draft. Private until staff moderate it; even then only the text,
    never the name or contact, is shown."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published (text only)")
        WITHHELD = "withheld", _("Not published")

    class Adoption(models.TextChoices):
        UNDECIDED = "", _("Not yet decided")
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        NOTED = "noted", _("Noted")

    policy = models.ForeignKey(
        PolicyDocumentPage, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="comments"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    section = models.CharField(_("section or task"), max_length=120, blank=True)
    body = models.TextField(_("comment"))
    name = models.CharField(_("name"), max_length=60, blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    adoption = models.CharField(_("adoption"), max_length=12, choices=Adoption.choices, blank=True)
    response = models.TextField(
        _("response"), blank=True, help_text=_("Public, shown with a published comment.")
    )

    panels = [
        FieldPanel("reference", read_only=True),
        FieldPanel("policy", read_only=True),
        FieldPanel("submitted_at", read_only=True),
        FieldPanel("section", read_only=True),
        FieldPanel("body", read_only=True),
        FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("contact", read_only=True)]),
        FieldRowPanel([FieldPanel("moderation"), FieldPanel("adoption")]),
        FieldPanel("response"),
    ]

    class Meta:
        verbose_name = _("policy comment")
        verbose_name_plural = _("policy comments")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.reference
