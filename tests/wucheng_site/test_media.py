"""Media in production (docs/media.md): picture renditions have public URLs; documents only through
/documents/, which checks publication, with the bytes sent by nginx (X-Accel-Redirect); originals,
the documents folder and private media have no URL at all. tests/deploy/ checks the same through nginx."""

import shutil

import pytest
from wagtail.utils.sendfile import _get_sendfile

from tests.disclosures.factories import add_disclosure, add_document
from tests.factories import make_organisation
from tests.stories.factories import make_image
from tests.test_deploy import manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def accel(settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected_media/"
    settings.SENDFILE_BACKEND = "wucheng_site.sendfile_accel"
    _get_sendfile.clear()
    yield
    _get_sendfile.clear()


def test_a_rendition_is_served_with_a_long_public_lifetime(client, site):
    rendition = make_image().get_rendition("fill-80x60")
    response = client.get(rendition.url)
    assert rendition.url.startswith("/media/images/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "public, max-age=604800"


def test_originals_and_the_documents_folder_have_no_url(client, site):
    image = make_image()
    document = add_document(make_organisation())
    for path in (image.file.url, document.file.url, "/media/images/../documents/" + document.file.name):
        assert client.get(path).status_code == 404, path


def test_private_media_has_no_url_whatever_the_path(client, site, settings, tmp_path):
    secret = settings.PRIVATE_MEDIA_ROOT / "evidence" / "secret.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("私密证据")
    try:
        for path in (
            "/private-media/evidence/secret.txt",
            "/media/../private-media/evidence/secret.txt",
            "/media/images/..%2F..%2Fprivate-media%2Fevidence%2Fsecret.txt",
            "/media/images/%2e%2e/%2e%2e/private-media/evidence/secret.txt",
        ):
            response = client.get(path)
            assert response.status_code == 404, path
    finally:
        shutil.rmtree(secret.parent)


def test_a_published_document_is_handed_to_the_proxy(client, site, accel):
    org = make_organisation()
    document = add_document(org)
    add_disclosure(org, "审计报告", attachments=[document])
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_protected_media/" + document.file.name
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"] or "inline" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_an_unpublished_document_is_not_handed_over(client, site, accel):
    org = make_organisation()
    document = add_document(org)
    add_disclosure(org, "草稿中的审计报告", publish=False, attachments=[document])
    response = client.get(document.url)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_production_settings_route_renditions_and_nothing_else_under_media(tmp_path):
    code = (
        "from django.urls import resolve, Resolver404\n"
        "for path in ('/media/images/a.fill-80x60.png', '/media/original_images/a.png',"
        " '/media/documents/a.pdf', '/private-media/a.txt'):\n"
        "    try:\n"
        "        print(path, resolve(path).url_name)\n"
        "    except Resolver404:\n"
        "        print(path, 'none')\n"
        "from django.conf import settings\n"
        "print('sendfile', getattr(settings, 'SENDFILE_BACKEND', 'none'))\n"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        MEDIA_ACCEL_REDIRECT_PREFIX="/_protected_media/",
    )
    assert result.returncode == 0, result.stderr
    lines = dict(
        line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith(("/", "sendfile"))
    )
    assert lines["/media/images/a.fill-80x60.png"] == "media_rendition"
    assert lines["/media/original_images/a.png"] == "none"
    assert lines["/media/documents/a.pdf"] == "none"
    assert lines["sendfile"] == "wucheng_site.sendfile_accel"
    # /private-media/ would be a page path (a 404 from Wagtail), never a file.
    assert lines["/private-media/a.txt"] in ("none", "wagtail_serve")
