"""The elderly-friendly mode (适老化) is switched by a plain form and remembered in a cookie."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings


def html_class(response):
    return BeautifulSoup(response.content, "html.parser").html["class"]


@pytest.mark.django_db
def test_switching_on_large_mode_persists_across_pages(client):
    assert html_class(client.get("/")) == ["mode-standard"]
    response = client.post("/display-mode/", {"mode": "large", "next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    assert response.cookies[settings.DISPLAY_MODE_COOKIE]["max-age"] >= 30 * 24 * 3600
    assert html_class(client.get("/about/")) == ["mode-large"]
    assert html_class(client.get("/en/")) == ["mode-large"]
    button = BeautifulSoup(client.get("/").content, "html.parser").select_one(".display-mode button")
    assert button["aria-pressed"] == "true"


@pytest.mark.django_db
def test_switching_large_mode_off_again(client):
    client.post("/display-mode/", {"mode": "large", "next": "/"})
    client.post("/display-mode/", {"mode": "standard", "next": "/"})
    assert html_class(client.get("/")) == ["mode-standard"]


@pytest.mark.django_db
def test_unknown_mode_value_changes_nothing(client):
    response = client.post("/display-mode/", {"mode": "<script>", "next": "/"})
    assert settings.DISPLAY_MODE_COOKIE not in response.cookies
    client.cookies[settings.DISPLAY_MODE_COOKIE] = "<script>"
    assert html_class(client.get("/")) == ["mode-standard"]


@pytest.mark.django_db
def test_display_mode_never_redirects_off_site(client):
    response = client.post("/display-mode/", {"mode": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_display_mode_refuses_get(client):
    assert client.get("/display-mode/?mode=large").status_code == 405
