"""What the public record keeps about a disclosure beyond its content.

Both models live outside the page on purpose: page revisions are written by the filer and copied onto
the page when published, so a confirmation or a correction entry stored on the page could be
overwritten by a later revision. Here only the reviewer (confirmations) and the publication itself
(corrections) write.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, Revision

from . import integrity


class DeclaredDateConfirmation(models.Model):
    """A reviewer's confirmation that a disclosure was first published on its declared date.

    Tied to the date confirmed: if the filer later declares another date, it is unconfirmed again.
    """

    page = models.ForeignKey(
        "disclosures.DisclosurePage", on_delete=models.CASCADE, related_name="declared_date_confirmations"
    )
    declared_on = models.DateField(_("declared date"))
    declared_where = models.CharField(_("first published where"), max_length=120, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    # How it was confirmed when not by a reviewer's click: "import of FILE", "migration".
    basis = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("declared date confirmation")
        constraints = [
            models.UniqueConstraint(fields=["page", "declared_on"], name="one_confirmation_per_declared_date")
        ]

    def __str__(self):
        return f"{self.page_id}: {self.declared_on}"


class DisclosureCorrection(models.Model):
    """A change to a published disclosure, recorded when the changed version is published."""

    page = models.ForeignKey(
        "disclosures.DisclosurePage", on_delete=models.CASCADE, related_name="corrections_made"
    )
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    previous_revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("correction note"), blank=True)
    changed = models.JSONField(_("changed fields"), default=list)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        ordering = ["published_at", "pk"]

    def __str__(self):
        return f"{self.page_id}: {self.published_at:%Y-%m-%d}"

    @property
    def changed_labels(self):
        from .panels import field_label

        return [field_label(name) for name in self.changed]


def with_record_dates(queryset):
    """``queryset`` of disclosures with ``declared_date_confirmed`` known, so ``disclosed_on`` costs
    no query per page."""
    confirmed = DeclaredDateConfirmation.objects.filter(
        page=OuterRef("pk"), declared_on=OuterRef("declared_on")
    )
    return queryset.annotate(_declared_confirmed=Exists(confirmed))


def content_values(page, attachments=None):
    """The content fields of ``page`` (integrity.CONTENT_FIELDS); attachments as (document id, title)."""
    values = {name: getattr(page, name, None) for name in integrity.CONTENT_FIELDS if name != "attachments"}
    if attachments is None:
        attachments = [(a.document_id, a.title or "") for a in page.attachments.all()]
    values["attachments"] = attachments
    return values


def previous_publication(page, before_revision=None):
    """The revision last published before ``before_revision`` (None if it never was)."""
    entries = PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
    if before_revision is not None:
        entries = entries.exclude(revision=before_revision)
    entry = entries.order_by("-timestamp", "-pk").select_related("revision").first()
    return entry.revision if entry else None


def record_correction(page, revision):
    """Called as ``revision`` of ``page`` is published: if its content differs from the version
    published before, record the change with the page's correction note. Done for every publication,
    whoever publishes and however (admin, import, shell), so no edit goes unrecorded — even one that
    somehow arrived without a note."""
    previous = previous_publication(page, before_revision=revision)
    if previous is None:
        return None
    old = previous.as_object()
    changed = integrity.changed_fields(content_values(old), content_values(page))
    if not changed:
        return None
    note = page.correction_note.strip()
    if note == (old.correction_note or "").strip():
        note = ""  # the earlier correction's note, left as it was: this change came without one
    return DisclosureCorrection.objects.create(
        page=page, revision=revision, previous_revision=previous, note=note, changed=changed
    )


def find_duplicates(organisation, disclosure_type, year, period_start=None, period_end=None, exclude=None):
    """Disclosures of ``organisation`` (live or not) that fill the same obligation: same type and
    year, or type and period (integrity.duplicate_key). ``exclude``: the page itself (its id and its
    translations are never its duplicates)."""
    from .models import DisclosurePage

    key = integrity.duplicate_key(disclosure_type, year, period_start, period_end)
    if key is None or organisation is None:
        return DisclosurePage.objects.none()
    found = DisclosurePage.objects.child_of(organisation).filter(disclosure_type=disclosure_type)
    if disclosure_type in integrity.YEARLY_TYPES:
        found = found.filter(year=year)
    else:
        found = found.filter(period_start=period_start, period_end=period_end)
    if exclude is not None and exclude.pk:
        found = found.exclude(translation_key=exclude.translation_key)
    return found.order_by("path")
