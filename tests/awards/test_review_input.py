"""The committee's admin reads ids from the URL and the query string through wucheng_site.params:
odd values are ignored or not found, never a 500."""

import pytest
from django.urls import reverse

from awards.models import Objection
from tests.awards.factories import make_nomination
from tests.factories import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "①", "99999999999999999999999"])
def test_an_edition_filter_that_is_not_an_ascii_id_in_64_bits_is_ignored(client, chair, edition, value):
    """'²'.isdigit() is true and int('²') raises; a huge id overflowed SQLite: both were a 500."""
    make_nomination(edition, name="筛选测试被提名人")
    login(client, chair)
    response = client.get(reverse("award_review:index"), {"edition": value})
    assert response.status_code == 200
    assert "筛选测试被提名人" in response.content.decode()


def test_an_edition_id_beyond_64_bits_is_not_found(client, chair):
    """An edition is a page, looked up through page_ptr, which Django does not bound on SQLite."""
    login(client, chair)
    assert client.get("/admin/award-review/edition/99999999999999999999999/").status_code == 404
    assert client.get("/admin/award-review/edition/9223372036854775808/").status_code == 404


def test_answering_an_objection_that_is_not_an_id_is_not_found(client, chair, edition):
    """The objection id went to the database as it came: '²' raised ValueError (a 500)."""
    nomination = make_nomination(edition)
    login(client, chair)
    url = reverse("award_review:nomination", args=[nomination.pk])
    for value in ("²", "abc", "99999999999999999999999"):
        response = client.post(url, {"action": "objection", "objection": value, "outcome": "dismissed"})
        assert response.status_code == 404, value
    assert not Objection.objects.exists()
