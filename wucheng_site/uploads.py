"""Upload validation by content, not by name.

A file is accepted only when its first bytes match the type its extension claims, so an HTML page
renamed ``report.pdf`` is refused. Used by the document model (admin uploads and imports) and by
the public forms that take evidence files.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# extension → the content kind it must have
EXTENSION_KINDS = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
    "docx": "zip",
    "xlsx": "zip",
    "odt": "zip",
    "ods": "zip",
    "csv": "text",
    "txt": "text",
}

KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
    "zip": "Office",
    "text": _("plain text"),
}


def sniff(head):
    """The content kind of a file from its first bytes, or None if unrecognised."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if _looks_like_text(head):
        return "text"
    return None


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    lowered = text.lstrip().lower()
    # Markup is never a plain-text or CSV upload: it could be served as a page.
    return not lowered.startswith(("<!doctype", "<html", "<script", "<?xml", "<svg"))


def read_head(file, size=2048):
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def validate_upload(file, allowed_extensions, max_size):
    """Raise ValidationError unless ``file`` is an allowed type, matches it by content and fits."""
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed_extensions:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Accepted: %(allowed)s."),
            params={"ext": extension or "?", "allowed": ", ".join(sorted(allowed_extensions))},
            code="file_type",
        )
    size = getattr(file, "size", None)
    if size is not None and size > max_size:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(size), "limit": filesizeformat(max_size)},
            code="file_size",
        )
    expected = EXTENSION_KINDS.get(extension)
    head = read_head(file)
    actual = sniff(head)
    if expected and actual != expected:
        raise ValidationError(
            _("The file is named .%(ext)s but its content is not a %(kind)s file."),
            params={"ext": extension, "kind": KIND_LABELS[expected]},
            code="file_content",
        )
    if expected == "zip" and not _is_readable_zip(file):
        raise ValidationError(_("The file is damaged or is not an office document."), code="file_content")


def _is_readable_zip(file):
    position = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.testzip() is None
    except zipfile.BadZipFile:
        return False
    finally:
        file.seek(position)
