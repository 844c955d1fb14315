"""Documents are checked by content when uploaded, and their PDF text is extracted for search."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from wucheng_site import pdf_text
from wucheng_site.uploads import sniff, validate_upload

REPO = Path(__file__).resolve().parents[2]
SHARED_SAMPLES = REPO.parent / "shared" / "samples" / "attachments"
BUNDLED_SAMPLES = REPO / "demo" / "data" / "disclosures" / "samples" / "attachments"
SAMPLES = SHARED_SAMPLES if (SHARED_SAMPLES / "shili-audit-2024.pdf").exists() else BUNDLED_SAMPLES
AUDIT_PDF = SAMPLES / "shili-audit-2024.pdf"


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_html_renamed_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("report.pdf", b"<!DOCTYPE html><html><script>x</script>"), {"pdf"}, 10_000)
    assert error.value.code == "file_content"


def test_real_pdf_is_accepted():
    validate_upload(upload("audit.pdf", AUDIT_PDF.read_bytes()), {"pdf"}, 10_000_000)


def test_oversized_file_is_refused_with_its_size():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", b"%PDF-1.4\n" + b"0" * 5000), {"pdf"}, 1000)
    assert error.value.code == "file_size"


def test_disallowed_extension_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("tool.exe", b"MZ\x90\x00"), {"pdf"}, 10_000)
    assert error.value.code == "file_type"


def test_png_renamed_jpg_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("photo.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), {"jpg"}, 10_000)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7", "pdf"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"GIF89a", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04", "zip"),
        ("名称,金额\n助学,100\n".encode(), "text"),
        (b"<html><body>", None),
        (b"\x00\x01\x02", None),
    ],
)
def test_sniff_recognises_content(head, kind):
    assert sniff(head) == kind


def test_chinese_pdf_text_is_extracted():
    with AUDIT_PDF.open("rb") as handle:
        result = pdf_text.extract_pdf_text(handle)
    assert result.status == pdf_text.EXTRACTED
    assert "婺城区示例慈善基金会2024年度财务报表审计报告" in result.text
    assert "无保留意见" in result.text


def test_unreadable_pdf_is_flagged_not_refused():
    from io import BytesIO

    result = pdf_text.extract_pdf_text(BytesIO(b"%PDF-1.4\nthis is not really a pdf"))
    assert result.status == pdf_text.FAILED
    assert result.error


@pytest.mark.django_db
def test_saving_a_document_stores_its_text_for_search():
    Document = get_document_model()
    document = Document(title="审计报告", file=upload("audit.pdf", AUDIT_PDF.read_bytes()))
    document.full_clean()
    document.save()
    document.refresh_from_db()
    assert document.text_status == pdf_text.EXTRACTED
    assert "审计意见类型" in document.extracted_text


@pytest.mark.django_db
def test_broken_pdf_document_is_saved_and_flagged():
    Document = get_document_model()
    document = Document(title="坏文件", file=upload("broken.pdf", b"%PDF-1.4\n%%EOF garbage"))
    document.full_clean()
    document.save()
    assert document.pk and document.text_status == pdf_text.FAILED


@pytest.mark.django_db
def test_document_model_refuses_disguised_html():
    Document = get_document_model()
    document = Document(title="伪装", file=upload("evil.pdf", b"<html><script>alert(1)</script></html>"))
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict


@pytest.mark.django_db
def test_documents_saved_outside_the_admin_record_size_and_hash():
    import hashlib

    Document = get_document_model()
    content = AUDIT_PDF.read_bytes()
    document = Document(title="审计报告", file=upload("audit.pdf", content))
    document.save()
    document.refresh_from_db()
    assert document.file_size == len(content)
    assert document.file_hash == hashlib.sha1(content).hexdigest()
