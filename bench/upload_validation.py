#!/usr/bin/env python
"""How long upload validation and PDF text extraction take on ordinary and on crafted files.

    .venv/bin/python bench/upload_validation.py            # the current code, about half a minute
    .venv/bin/python bench/upload_validation.py --before   # also the way it was done before issue 11
                                                           # (unpacking archives, pypdf in-process):
                                                           # about five more minutes
    .venv/bin/python bench/upload_validation.py --before --huge   # and the 20 GB archive the old way

Every file is built in memory with the crafting helpers of tests/wucheng_site/test_uploads.py, so the
benchmark and the tests measure the same files. "Before" runs are what the code did until issue 11:
``ZipFile.testzip()`` (which decompresses every member) for office files, and pypdf with its default
limits in this process for PDFs; the slowest crafted PDF is measured at 10 of its 5,000 drawings
and extrapolated. CPU figures include child processes (the PDF extraction runs in one). See
bench/README.md.
"""

import argparse
import io
import os
import resource
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wucheng_site.settings.test")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.wucheng_site.test_uploads import (  # noqa: E402
    CONTENT_TYPES,
    FONT,
    HELLO,
    MB,
    build_pdf,
    deflated_archive,
    flate,
    form_bomb_pdf,
    office_file,
    page,
    shared_page_pdf,
    stream_object,
)
from wucheng_site import pdf_text  # noqa: E402
from wucheng_site.uploads import validate_upload  # noqa: E402

OFFICE_AND_TEXT = {"docx", "xlsx", "odt", "ods", "csv", "txt"}


def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(label, run):
    wall, used = time.perf_counter(), cpu()
    outcome = run()
    print(
        f"  {label:<58} {time.perf_counter() - wall:7.2f} s wall {cpu() - used:7.2f} s CPU   {outcome}",
        flush=True,
    )


def validate(name, content):
    def run():
        try:
            validate_upload(SimpleUploadedFile(name, content), OFFICE_AND_TEXT, 20 * MB)
        except ValidationError as error:
            return f"refused ({error.code})"
        return "accepted"

    return run


def testzip(content):
    def run():
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "accepted" if archive.testzip() is None else "refused (bad CRC)"

    return run


def extract(content):
    def run():
        result = pdf_text.extract_pdf_text(io.BytesIO(content))
        return f"{result.status}, {len(result.text):,} characters {result.error[:60]!r}"

    return run


def extract_in_process(content):
    """What pdf_text did before issue 11: pypdf with its default limits, in this process."""

    def run():
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(content))
            parts, length = [], 0
            for each in reader.pages[: pdf_text.MAX_PAGES]:
                parts.append(each.extract_text() or "")
                length += len(parts[-1])
                if length >= pdf_text.MAX_CHARS:
                    break
        except Exception as error:  # noqa: BLE001 - reported, as the old code stored it
            return f"failed: {str(error)[:60]!r}"
        return f"{sum(map(len, parts)):,} characters"

    return run


def ordinary_pdf(pages=200):
    """A 200-page report, about 2,500 characters a page, each page its own content stream."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for number in range(pages):
        lines = [b"BT /F1 9 Tf 40 800 Td 11 TL"]
        for line in range(40):
            words = b" ".join(b"(word%dp%dl%d) -250" % (w, number, line) for w in range(8))
            lines.append(b"[" + words + b"] TJ T*")
        lines.append(b"ET")
        objects.append(stream_object(flate(b"\n".join(lines))))
        objects.append(page(b"%d 0 R" % len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return build_pdf(objects)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", action="store_true", help="also time the way it was done before issue 11")
    parser.add_argument("--huge", action="store_true", help="with --before: unpack the 20 GB archive too")
    options = parser.parse_args()
    translation.activate("en")
    types = CONTENT_TYPES.encode()

    print("Office files (validate_upload; before: ZipFile.testzip)")
    docx = office_file("docx")
    bomb_300 = deflated_archive([("[Content_Types].xml", types, 1), ("word/document.xml", bytes(MB), 300)])
    started = time.perf_counter()
    bomb_20g = deflated_archive(
        [("[Content_Types].xml", types, 1)]
        + [(f"word/media/part{n}.bin", bytes(MB), 1000) for n in range(20)]
    )
    print(
        f"  (built the 20 GB archive, {len(bomb_20g) / MB:.1f} MB, in {time.perf_counter() - started:.1f} s)"
    )
    measure(f"ordinary .docx, {len(docx) // 1024} KB", validate("report.docx", docx))
    measure(f"{len(bomb_300) // 1024} KB .docx expanding to 300 MB", validate("bomb.docx", bomb_300))
    measure(f"{len(bomb_20g) / MB:.0f} MB .docx expanding to 20 GB", validate("bomb.docx", bomb_20g))
    if options.before:
        measure("  before: ordinary .docx", testzip(docx))
        measure("  before: .docx expanding to 300 MB", testzip(bomb_300))
        if options.huge:
            measure("  before: .docx expanding to 20 GB", testzip(bomb_20g))

    print("Text files (validate_upload reads and checks the whole file)")
    line = "项目,金额,备注\n春蕾助学,100,金额<5000元 联系 <a@b.cn>\n".encode()
    csv = line * (19 * MB // len(line))
    measure(f"{len(csv) / MB:.0f} MB CSV", validate("list.csv", csv))
    measure(f"{len(csv) / MB:.0f} MB CSV with <script> at the end", validate("list.csv", csv + b"<script>"))

    print("PDF text extraction (pdf_text.extract_pdf_text; before: pypdf in-process, default limits)")
    cases = [
        ("ordinary 200-page report", ordinary_pdf()),
        ("200 pages sharing 70 MB of spaces", shared_page_pdf(200, flate(b" " * MB, 70))),
        ("99,000 pages", shared_page_pdf(99_000, HELLO)),
        ("form of 240,000 operators drawn 5,000 times", form_bomb_pdf()),
    ]
    for label, content in cases:
        measure(f"{label}, {len(content) // 1024:,} KB", extract(content))
    if options.before:
        for label, content in cases[:3]:
            measure(f"  before: {label}", extract_in_process(content))
        measure(
            "  before: the form drawn 10 times (5,000: × 500)", extract_in_process(form_bomb_pdf(drawings=10))
        )


if __name__ == "__main__":
    main()
