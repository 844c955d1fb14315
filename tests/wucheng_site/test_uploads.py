"""Uploads are bounded: office archives are judged without unpacking, text files hide no markup
anywhere, and PDF text extraction cannot be held up by a crafted file.

Every file here is a real one, built in the test: ZIP archives by ``zipfile`` or, when a bomb must be
big but quick to build, by ``deflated_archive`` (an honest ZIP whose deflate stream repeats one
block; ``test_crafted_files_are_valid`` proves Python reads them back intact), PDFs by ``build_pdf``.
"""

import functools
import io
import random
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wucheng_site import pdf_text
from wucheng_site.uploads import sniff, validate_upload

MB = 1024 * 1024
LIMIT = 20 * MB  # WAGTAILDOCS_MAX_UPLOAD_SIZE
OFFICE = {"docx", "xlsx", "odt", "ods"}
TEXT = {"txt", "csv"}


# --- crafted files ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def repeated_deflate(chunk, times):
    """A raw deflate stream of ``chunk * times`` and its CRC-32, compressing ``chunk`` only once.

    After a full flush the compressor starts afresh, so the block for ``chunk`` is the same every
    time and can be repeated; the CRC is still computed over every byte the stream expands to.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * times + compressor.flush()
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return stream, crc, len(chunk) * times


def deflated_archive(members):
    """A ZIP archive (bytes) of ``members``: (name, chunk, times) → ``chunk * times`` deflated."""
    body, directory = bytearray(), bytearray()
    for name, chunk, times in members:
        stream, crc, size = repeated_deflate(chunk, times)
        encoded = name.encode()
        fields = struct.pack("<HHHHHLLLHH", 20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0)
        directory += (
            b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHLL", 0, 0, 0, 0, len(body))
        )
        directory += encoded
        body += b"PK\x03\x04" + fields + encoded + stream
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def office_file(extension, extra=()):
    """A small, ordinary office document as the office suites write it (parts abbreviated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if extension in ("odt", "ods"):
            kind = "text" if extension == "odt" else "spreadsheet"
            archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED)
            archive.writestr(
                "content.xml", "<office:document-content>婺城区慈善总会</office:document-content>"
            )
            archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        else:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("_rels/.rels", "<Relationships/>")
            main = "word/document.xml" if extension == "docx" else "xl/worksheets/sheet1.xml"
            archive.writestr(main, "<document>" + "<p>2024年度审计报告 金额 100</p>" * 2000 + "</document>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_docx(megabytes):
    """A .docx whose document part is ``megabytes`` MB of zeros, deflated by zipfile (ratio ~1000)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as part:
            for _ in range(megabytes):
                part.write(bytes(MB))
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content, allowed=OFFICE | TEXT, max_size=LIMIT):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), allowed, max_size)
    return error.value


def test_crafted_files_are_valid():
    """Positive control: the crafted archives are intact, so a refusal below is the limits' doing."""
    content = deflated_archive(
        [("[Content_Types].xml", CONTENT_TYPES.encode(), 1), ("word/document.xml", bytes(MB), 3)]
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        assert archive.read("word/document.xml") == bytes(3 * MB)
    with zipfile.ZipFile(io.BytesIO(zeros_docx(2))) as archive:
        assert archive.testzip() is None


# --- office archives -------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(OFFICE))
def test_ordinary_office_documents_are_accepted(extension):
    validate_upload(upload(f"年度报告.{extension}", office_file(extension)), OFFICE, LIMIT)


def test_300_kb_docx_expanding_to_300_mb_is_refused_unopened():
    """The issue's bomb: 300 MB of zeros in 300 KB. Refused by its declared sizes."""
    content = deflated_archive(
        [("[Content_Types].xml", CONTENT_TYPES.encode(), 1), ("word/document.xml", bytes(MB), 300)]
    )
    assert len(content) < 400 * 1024
    error = refusal("年度报告.docx", content)
    assert error.code == "archive_ratio"
    assert error.params["name"] == "word/document.xml"


def test_member_compressed_beyond_the_ratio_limit_is_refused():
    error = refusal("bomb.docx", zeros_docx(20))
    assert error.code == "archive_ratio"


def test_small_member_with_a_high_ratio_is_accepted():
    """Below the grace size a ratio proves nothing (a blank styles part compresses very well)."""
    validate_upload(
        upload("blank.docx", office_file("docx", [("word/styles.xml", bytes(500_000))])), OFFICE, LIMIT
    )


def test_archive_expanding_past_the_total_limit_is_refused():
    """210 MB at an ordinary ratio (about 60:1): every member plausible, the sum is not."""
    chunk = random.Random(11).randbytes(16 * 1024) + bytes(MB - 16 * 1024)  # 16 KB of noise, then zeros
    content = deflated_archive(
        [("[Content_Types].xml", CONTENT_TYPES.encode(), 1), ("xl/worksheets/sheet1.xml", chunk, 210)]
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size / info.compress_size < 100  # well under the limit of 250
    error = refusal("明细.xlsx", content)
    assert error.code == "archive_size"
    assert error.params["size"] == "210.0\xa0MB"


def test_archive_with_too_many_members_is_refused():
    extra = [(f"word/media/image{n}.png", b"x") for n in range(1000)]  # 1,003 members with the rest
    error = refusal("相册.docx", office_file("docx", extra))
    assert error.code == "archive_members"


def test_archive_listing_is_bounded_even_when_its_member_count_lies():
    """The end record claims 3 members; the central directory behind it holds 4,500 (1.1 MB)."""
    content = bytearray(office_file("docx", [(f"customXml/{'x' * 200}{n}.xml", b"") for n in range(4500)]))
    end = content.rfind(b"PK\x05\x06")
    content[end + 8 : end + 12] = struct.pack("<HH", 3, 3)
    error = refusal("报告.docx", bytes(content))
    assert error.code == "archive_members"


def test_zip_that_is_not_an_office_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    for extension in sorted(OFFICE):
        with pytest.raises(ValidationError) as error:
            validate_upload(upload(f"site.{extension}", buffer.getvalue()), OFFICE, LIMIT)
        assert error.value.code == "file_content", extension


def test_odf_with_a_foreign_mimetype_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<x/>")
    assert refusal("book.odt", buffer.getvalue()).code == "file_content"


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "C:/Windows/x.dll", "word\\..\\..\\x"])
def test_archive_with_an_escaping_member_name_is_refused(name):
    assert refusal("报告.docx", office_file("docx", [(name, b"x")])).code == "file_content"


def test_truncated_archive_is_refused_as_damaged():
    content = office_file("xlsx")
    assert refusal("明细.xlsx", content[: len(content) // 2]).code == "file_content"


# --- plain text and CSV ----------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"
CSV_ROWS = "项目,金额\n春蕾助学,100\n".encode() * 200  # 5 KB: past the first 2 KB any sniffer reads


@pytest.mark.parametrize(
    "content",
    [
        BOM + b"<html><body>x</body></html>",
        BOM + b"<!DOCTYPE html><p>x</p>",
        b"<!-- note -->\n<script>alert(1)</script>",
        b"\n\n\n   \n" * 1000 + b"<html><script>alert(1)</script>",
        CSV_ROWS + b"<iframe src=https://evil.example></iframe>",
        CSV_ROWS + b"x,<ScRiPt>alert(1)</sCrIpT>",
        b"name\n<img src=x onerror=alert(1)>",
        b'name\n<a href=" JavaScript:alert(1)">x</a>',
        b"name\n<svg/onload=alert(1)>",
        b"name\n<meta http-equiv=refresh content=0;url=https://evil.example>",
        BOM + b'<?xml version="1.0"?><x/>',
        b'<?xml-stylesheet href="evil.xsl"?>',
        "<html><script>alert(1)</script>".encode("utf-16"),  # with the mark Python writes first
    ],
    ids=lambda content: repr(content[:12]) if len(content) < 400 else f"after {len(content) - 40} bytes",
)
def test_markup_anywhere_in_text_or_csv_is_refused(content):
    for extension in sorted(TEXT):
        with pytest.raises(ValidationError) as error:
            validate_upload(upload(f"名单.{extension}", content), TEXT, LIMIT)
        assert error.value.code == "text_markup", extension
        assert error.value.params["markup"].startswith("<")


@pytest.mark.parametrize(
    "content",
    [
        "项目,备注\n助学,金额<5000元\n比较,a<b\n联系人,张三 <zhangsan@example.cn>\n区间,1<x<=5 & y>2\n",
        "\ufeff名称,金额\n春蕾助学,<100>\n",  # Excel's "CSV UTF-8" starts with a byte order mark
        "备注: <未填写> <待补充> <a、b> <b>\n",
    ],
)
def test_legitimate_csv_with_angle_brackets_is_accepted(content):
    validate_upload(upload("名单.csv", content.encode()), TEXT, LIMIT)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_accepted(encoding):
    """Excel's "Unicode text" is UTF-16 with a byte order mark; it is text, not binary."""
    data = "\ufeff项目\t金额\n春蕾助学\t金额<5000元\n".encode(encoding)
    validate_upload(upload("名单.txt", data), TEXT, LIMIT)


def test_text_that_is_not_utf8_or_utf16_is_refused_with_advice():
    """GBK (Excel's default CSV on Chinese Windows), or UTF-16 without its mark: told how to save."""
    for content in ["项目,金额\n助学,100\n".encode("gbk"), "项目,金额\n".encode("utf-16-le")]:
        error = refusal("名单.csv", content, TEXT)
        assert error.code == "text_encoding"
        assert "UTF-8" in error.messages[0]  # in the Chinese message too


def test_character_cut_at_the_end_of_the_sample_is_not_an_error():
    """The first 2 KB may end inside a UTF-8 or UTF-16 character; the sniffer still sees text."""
    assert sniff(("慈" * 1000).encode()[:2047]) == "text"
    assert sniff(b"\xff\xfe" + ("😀" * 600).encode("utf-16-le")[:2045]) == "text"


@pytest.mark.parametrize("head", [BOM + b"<html>", b"\r\n\r\n<script>", "<svg>".encode("utf-16")])
def test_sniff_sees_markup_after_a_bom_or_blank_lines(head):
    assert sniff(head) is None


def test_pdf_renamed_txt_is_still_a_type_mismatch():
    assert refusal("notes.txt", b"%PDF-1.7\n", TEXT).code == "file_content"


# --- PDF text extraction ---------------------------------------------------------------------------

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def flate(data_chunk, times=1):
    stream, _, _ = repeated_deflate(data_chunk, times)
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(data_chunk, adler)
    return b"\x78\xda" + stream + adler.to_bytes(4, "big")


def stream_object(data, extra=b""):
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def build_pdf(objects):
    """A PDF of ``objects`` (object 1 is the catalogue) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page(contents, xobjects=b""):
    resources = b"<< /Font << /F1 3 0 R >> /XObject << %s >> >>" % xobjects
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %s >>" % (
        resources,
        contents,
    )


def shared_page_pdf(page_count, content):
    """``page_count`` pages, all the same page object drawing ``content``."""
    kids = b" ".join([b"5 0 R"] * page_count)
    catalogue = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, page_count)
    return build_pdf([catalogue, pages, FONT, stream_object(content), page(b"4 0 R")])


HELLO = flate(b"BT /F1 12 Tf 72 720 Td (Hello from page one) Tj ET\n")


def form_bomb_pdf(drawings=5000):
    """Page 1 says hello; page 2 draws a form of 240,000 operators 5,000 times (about 3 hours of pypdf)."""
    form = stream_object(
        flate(b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET\n" * 30_000),
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> ",
    )
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R 7 0 R] /Count 2 >>",
            FONT,
            stream_object(HELLO),
            page(b"4 0 R"),
            stream_object(flate(b"/X0 Do\n", drawings)),
            page(b"6 0 R", b"/X0 8 0 R"),
            form,
        ]
    )


def extract(data):
    return pdf_text.extract_pdf_text(io.BytesIO(data))


def test_crafted_pdf_is_read():
    """Positive control: the PDF builder makes files pypdf reads, so failures below are the limits'."""
    result = extract(shared_page_pdf(2, HELLO))
    assert result.status == pdf_text.EXTRACTED
    assert result.text.count("Hello from page one") == 2


def test_pdf_stream_bomb_fails_fast_instead_of_expanding():
    """30 MB of spaces in 30 KB: pypdf's stream limit, tightened, stops it before it is parsed."""
    result = extract(shared_page_pdf(1, flate(b" " * MB, 30)))
    assert result.status == pdf_text.FAILED
    assert "Limit reached while decompressing" in result.error


def test_pdf_with_a_huge_page_tree_fails_fast():
    result = extract(shared_page_pdf(30_000, HELLO))
    assert result.status == pdf_text.FAILED
    assert "page" in result.error.lower()


def test_pdf_extraction_is_cut_off_at_the_cpu_limit_keeping_earlier_pages(monkeypatch):
    """A page that would take hours is ended by the CPU limit (shortened here to one second)."""
    monkeypatch.setattr(pdf_text, "CPU_SECONDS", 0.5)
    monkeypatch.setattr(pdf_text, "HARD_CPU_SECONDS", 1)
    result = extract(form_bomb_pdf())
    assert "Hello from page one" in result.text
    assert result.status == pdf_text.EXTRACTED
    assert "Stopped after 1 pages" in result.error


def test_pdf_extraction_gives_up_at_the_wall_clock_limit(monkeypatch):
    monkeypatch.setattr(pdf_text, "WALL_SECONDS", 1)
    result = extract(form_bomb_pdf())
    assert result.error.startswith("Stopped after")
    assert "no result after 1 s" in result.error
