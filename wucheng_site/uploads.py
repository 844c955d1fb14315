"""Upload validation by content, not by name, and without unpacking anything.

A file is accepted only when its content matches the type its extension claims, so an HTML page
renamed ``report.pdf`` is refused. Used by the document model (admin uploads and imports) and by
the public forms that take evidence files.

Two kinds of content get a closer look (docs/documents.md, "Limits"):

- **Office files** (.docx/.xlsx/.odt/.ods) are ZIP archives. They are judged by what their central
  directory *declares* (member count, sizes, compression ratio) and by the one member that says what
  they are, never by decompressing them: a 300 KB file can expand to 300 MB (about a second of CPU
  to unpack), a 20 MB one to 20 GB. Declared sizes can lie, but a lie only hurts a reader that
  trusts it, and readers that stop at the declared size (Python's ``zipfile`` does) stay bounded.
- **Plain text and CSV** must be UTF-8 or UTF-16 (with its byte order mark), and the *whole* file
  must be free of markup a browser would render or run, wherever it hides: after a byte order mark,
  blank lines or a comment, or far past the first bytes.
"""

import codecs
import re
import struct
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

OOXML_EXTENSIONS = {"docx", "xlsx"}
ODF_EXTENSIONS = {"odt", "ods"}

# Archive limits. Apache POI (ZipSecureFile) refuses more than 1000 entries and ratios above 100:1;
# ratios just over 100 do occur in real spreadsheets (runs of empty styled cells), so we allow 250.
# Deflate cannot exceed about 1030:1, which is what a bomb of zeros reaches.
MAX_ARCHIVE_MEMBERS = 1000
MAX_ARCHIVE_EXPANDED_SIZE = 200 * 1024 * 1024  # ten times the 20 MB upload limit
MAX_COMPRESSION_RATIO = 250
RATIO_GRACE_SIZE = 1024 * 1024  # a member this small cannot hurt, whatever its ratio
MAX_CENTRAL_DIRECTORY_SIZE = MAX_ARCHIVE_MEMBERS * 1024  # bounds the cost of merely listing members
ODF_MIMETYPE_PREFIX = b"application/vnd.oasis.opendocument."

TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Markup that a browser would render or run if it ever treated the file as a page. Deliberately not
# "any <": CSV and text legitimately hold "金额<5000元", "a<b" and addresses like "<x@y.cn>".
MARKUP = re.compile(
    r"""
      <!--                          # a comment (also hides what follows from a quick look)
    | <!\[CDATA\[
    | <!doctype
    | <\?[a-z]                      # processing instruction: <?xml, <?xml-stylesheet …
    | </?(?:html|head|body|script|iframe|frame|frameset|object|embed|applet|svg|math|meta|link
          |style|base|form|template|noscript|xml)(?=[\s/>]|$)
    | <[a-z][^\s/<>]*[\s/][^<>]*?\bon[a-z]+\s*=     # any element with an event handler
    | <[a-z][^<>]*?\b(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript):
    """,
    re.IGNORECASE | re.VERBOSE,
)


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
    text = decode_text(head, complete=False)
    if text is not None and not MARKUP.search(text):
        return "text"
    return None


def decode_text(data, complete=True):
    """``data`` as text (UTF-8, or UTF-8/UTF-16 after a byte order mark), or None if it is not text.

    With ``complete=False`` the data is a sample, and a character cut at its end is not an error.
    UTF-16 without a byte order mark is not recognised (it is indistinguishable from binary data);
    Windows always writes the mark.
    """
    encoding = "utf-8"
    for bom, bom_encoding in TEXT_BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], bom_encoding
            break
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


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
    actual = sniff(read_head(file))
    if expected == "text" and actual in ("text", None):
        check_text(read_head(file, max_size + 1), extension)
    elif expected and actual != expected:
        raise ValidationError(
            _("The file is named .%(ext)s but its content is not a %(kind)s file."),
            params={"ext": extension, "kind": KIND_LABELS[expected]},
            code="file_content",
        )
    if expected == "zip":
        check_office_archive(file, extension)


def check_text(data, extension):
    """Raise ValidationError unless ``data`` (a whole .txt/.csv file) is text without markup."""
    text = decode_text(data)
    if text is None:
        raise ValidationError(
            _(
                "The file is named .%(ext)s but its content is not plain text in UTF-8 or UTF-16. "
                "Save it again as “CSV UTF-8” or “Unicode text” and upload that."
            ),
            params={"ext": extension},
            code="text_encoding",
        )
    found = MARKUP.search(text)
    if found:
        raise ValidationError(
            _(
                "The file contains web page code (“%(markup)s”). Text and CSV files must not contain "
                "HTML or scripts."
            ),
            params={"markup": found.group(0)[:20]},
            code="text_markup",
        )


def check_office_archive(file, extension):
    """Raise ValidationError unless ``file`` is a plausible office document of bounded size.

    Reads the end-of-central-directory record and the central directory (both bounded), and at most
    the ODF ``mimetype`` member (a few dozen bytes); decompresses nothing else.
    """
    position = file.tell()
    try:
        file.seek(0, 2)
        archive_size = file.tell()
        members, directory_size = _central_directory_extent(file, archive_size)
        if members > MAX_ARCHIVE_MEMBERS or directory_size > MAX_CENTRAL_DIRECTORY_SIZE:
            raise _too_many_members()
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            _check_members(infos, archive_size)
            _check_office_kind(archive, extension)
    except (
        zipfile.BadZipFile,
        struct.error,
        ValueError,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise ValidationError(
            _("The file is damaged or is not an office document."), code="file_content"
        ) from error
    finally:
        file.seek(position)


def _central_directory_extent(file, archive_size):
    """(member count, central directory size) from the end records, read before listing anything."""
    tail_size = min(archive_size, 22 + 65535)  # the record, and a comment of at most 64 KB
    file.seek(archive_size - tail_size)
    tail = file.read(tail_size)
    start = tail.rfind(b"PK\x05\x06")
    if start < 0 or len(tail) - start < 22:
        raise zipfile.BadZipFile("no end of central directory record")
    members, directory_size = struct.unpack("<HL", tail[start + 10 : start + 16])
    if members == 0xFFFF or directory_size == 0xFFFFFFFF:
        # ZIP64: the real figures are in the ZIP64 end record its locator (just before) points to.
        locator = tail[start - 20 : start] if start >= 20 else b""
        if not locator.startswith(b"PK\x06\x07"):
            raise zipfile.BadZipFile("ZIP64 locator missing")
        (record_offset,) = struct.unpack("<Q", locator[8:16])
        file.seek(record_offset)
        record = file.read(56)
        if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
            raise zipfile.BadZipFile("ZIP64 end record missing")
        members, directory_size = struct.unpack("<QQ", record[32:48])
    return members, directory_size


def _check_members(infos, archive_size):
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise _too_many_members()
    names = set()
    expanded = 0
    for info in infos:
        name = info.orig_filename
        if (
            name in names
            or name.startswith(("/", "\\"))
            or ".." in re.split(r"[/\\]", name)
            or ":" in name[:2]
        ):
            raise zipfile.BadZipFile(f"unsafe or duplicate member name {name!r}")
        names.add(name)
        if info.header_offset + info.compress_size > archive_size:
            raise zipfile.BadZipFile(f"member {name!r} extends past the end of the archive")
        expanded += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_SIZE and ratio > MAX_COMPRESSION_RATIO:
            raise ValidationError(
                _(
                    "The document is compressed unusually tightly: “%(name)s” inside it would expand "
                    "%(ratio)s times, and at most %(limit)s times is accepted. Files built to exhaust "
                    "a computer's memory look like this. Save it as PDF and upload that instead."
                ),
                params={"name": name[:80], "ratio": f"{ratio:,.0f}", "limit": MAX_COMPRESSION_RATIO},
                code="archive_ratio",
            )
    if expanded > MAX_ARCHIVE_EXPANDED_SIZE:
        raise ValidationError(
            _(
                "The document would expand to %(size)s when opened; the limit is %(limit)s. "
                "Save it as PDF and upload that instead."
            ),
            params={"size": filesizeformat(expanded), "limit": filesizeformat(MAX_ARCHIVE_EXPANDED_SIZE)},
            code="archive_size",
        )


def _check_office_kind(archive, extension):
    """OOXML declares its parts in ``[Content_Types].xml``; ODF names itself in ``mimetype``."""
    names = set(archive.namelist())
    if extension in OOXML_EXTENSIONS:
        plausible = "[Content_Types].xml" in names
    elif extension in ODF_EXTENSIONS:
        info = archive.getinfo("mimetype") if "mimetype" in names else None
        plausible = (
            info is not None
            and max(info.file_size, info.compress_size) <= 100  # read only this small member
            and archive.read(info).startswith(ODF_MIMETYPE_PREFIX)
        )
    else:
        plausible = True
    if not plausible:
        raise ValidationError(
            _("The file is a ZIP archive, not a Word, Excel or OpenDocument file."), code="file_content"
        )


def _too_many_members():
    return ValidationError(
        _(
            "The document contains more than %(limit)s files inside it. Save it as PDF and upload "
            "that instead."
        ),
        params={"limit": MAX_ARCHIVE_MEMBERS},
        code="archive_members",
    )
