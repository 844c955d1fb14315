"""The site's document model (Wagtail's, plus content validation and extracted text for search), and the
audit log of private objects."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager
from wagtail.search import index

from . import pdf_text
from .uploads import validate_upload


class SiteDocument(AbstractDocument):
    """A document (mostly disclosure PDFs) whose text is extracted when it is saved.

    ``text_status`` flags PDFs that could not be read, so staff can ask for a better file; they are
    still accepted and published.
    """

    class TextStatus(models.TextChoices):
        # The values are the extraction child process's answers (pdf_text runs as a plain script, so it
        # carries no Django import): named and labelled here, once.
        EXTRACTED = pdf_text.EXTRACTED, _("Text extracted")
        EMPTY = pdf_text.EMPTY, _("No text layer (scanned?)")
        FAILED = pdf_text.FAILED, _("Could not be read")
        NOT_PDF = pdf_text.NOT_PDF, _("Not a PDF")

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_status = models.CharField(
        _("text extraction"), max_length=20, choices=TextStatus.choices, blank=True, editable=False
    )
    text_error = models.CharField(_("extraction error"), max_length=500, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        super().clean()
        if self.file and not getattr(self.file, "_committed", True):
            try:
                validate_upload(
                    self.file, set(settings.WAGTAILDOCS_EXTENSIONS), settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
                )
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    def extract_text(self):
        """Fill ``extracted_text`` and ``text_status`` from the file (new upload or stored)."""
        if not self.file.name.lower().endswith(".pdf"):
            result = pdf_text.Extraction(self.TextStatus.NOT_PDF)
        else:
            if getattr(self.file, "_committed", True):
                self.file.open("rb")
            result = pdf_text.extract_pdf_text(self.file)
        self.extracted_text, self.text_status, self.text_error = result.text, result.status, result.error

    def save(self, *args, **kwargs):
        new_file = self.file and not getattr(self.file, "_committed", True)
        if new_file:
            # Wagtail records size and hash only in its upload views; do it for every path (imports,
            # demo content, public forms) so duplicates can be recognised by hash (wagtail/wagtail#6576).
            self._set_document_file_metadata()
        if new_file or (self.file and not self.text_status):
            self.extract_text()
        super().save(*args, **kwargs)


class PrivateLogEntryManager(BaseLogEntryManager):
    """Log entries of private objects, each visible only to those who may view its object.

    Wagtail shows a model's log entries (Reports → Site history) to anyone holding any permission on
    the model: a committee member would see the entries of nominations they are not assigned to.
    Here an entry is visible when its object is among the instances the model's permission policy
    (Wagtail's policy registry) lets the user view."""

    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def get_instance_title(self, instance):
        # The label is kept with the entry; it must never carry personal data (a nominee's name…).
        return str(instance) or f"{instance._meta.verbose_name} {instance.pk}"

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        from wagtail.permissions import policy_registry

        if user.is_active and user.is_superuser:
            return self.all()
        visible = Q(pk__in=[])
        for content_type_id in self.values_list("content_type_id", flat=True).distinct().order_by():
            model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
            if model is None:
                continue
            viewable = policy_registry.get_by_type(model).instances_user_has_permission_for(user, "view")
            ids = viewable.order_by().annotate(_log_id=Cast("pk", models.CharField())).values("_log_id")
            visible |= Q(content_type_id=content_type_id, object_id__in=ids)
        return self.filter(visible)


class PrivateLogEntry(BaseLogEntry):
    """Audit log of objects holding personal data (nominations …); apps register their model with
    ``actions.register_model(Model, PrivateLogEntry)`` in their ``register_log_actions`` hook."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = PrivateLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("private log entry")
        verbose_name_plural = _("private log entries")
