"""The site's document model: Wagtail's, plus content validation and extracted text for search."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from . import pdf_text
from .uploads import validate_upload


class SiteDocument(AbstractDocument):
    """A document (mostly disclosure PDFs) whose text is extracted when it is saved.

    ``text_status`` flags PDFs that could not be read, so staff can ask for a better file; they are
    still accepted and published.
    """

    TEXT_STATUS_CHOICES = [
        (pdf_text.EXTRACTED, _("Text extracted")),
        (pdf_text.EMPTY, _("No text layer (scanned?)")),
        (pdf_text.FAILED, _("Could not be read")),
        (pdf_text.NOT_PDF, _("Not a PDF")),
    ]

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_status = models.CharField(
        _("text extraction"), max_length=20, choices=TEXT_STATUS_CHOICES, blank=True, editable=False
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
            result = pdf_text.Extraction(pdf_text.NOT_PDF)
        else:
            if getattr(self.file, "_committed", True):
                self.file.open("rb")
            result = pdf_text.extract_pdf_text(self.file)
        self.extracted_text, self.text_status, self.text_error = result.text, result.status, result.error

    def save(self, *args, **kwargs):
        new_file = self.file and not getattr(self.file, "_committed", True)
        if new_file:
            # Wagtail records size and hash only in its upload views; do it for every path (imports,
            # demo content, public forms) so duplicates can be recognised by hash.
            self._set_document_file_metadata()
        if new_file or (self.file and not self.text_status):
            self.extract_text()
        super().save(*args, **kwargs)
