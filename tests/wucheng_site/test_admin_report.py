"""Staff see which documents have no searchable text, limited to documents they may edit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from accounts import roles
from tests.factories import login, make_user


@pytest.mark.django_db
def test_unreadable_pdfs_are_listed_for_staff_who_may_edit_them(client):
    Document = get_document_model()
    disclosures = Collection.objects.get(name="信息公开")
    broken = Document(
        title="扫描件无法读取", collection=disclosures, file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 junk")
    )
    broken.save()
    reviewer = make_user("reviewer-report", roles.CIVIL_AFFAIRS_REVIEWERS)
    login(client, reviewer)
    response = client.get(reverse("unreadable_documents"))
    assert response.status_code == 200
    assert "扫描件无法读取" in response.content.decode()
    client.logout()
    editor = make_user("editor-report", roles.PROPAGANDA_EDITORS)
    login(client, editor)
    assert "扫描件无法读取" not in client.get(reverse("unreadable_documents")).content.decode()
