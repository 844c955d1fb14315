"""Chinese at /, English at /en/, and a language switcher that keeps the visitor on the same page."""

import pytest
from bs4 import BeautifulSoup

from home.models import StandardPage


def switcher(client, url):
    html = BeautifulSoup(client.get(url).content, "html.parser")
    nav = html.find("nav", class_="language-switcher")
    links = {a["hreflang"]: a["href"] for a in nav.find_all("a")}
    current = nav.find(attrs={"aria-current": "true"})["lang"]
    return links, current


@pytest.mark.django_db
def test_switcher_on_a_chinese_page_links_to_its_english_translation(client):
    links, current = switcher(client, "/about/")
    assert current == "zh-hans"
    assert links == {"en": "/en/about/"}


@pytest.mark.django_db
def test_switcher_on_an_english_page_links_back_to_the_chinese_page(client):
    links, current = switcher(client, "/en/privacy/")
    assert current == "en"
    assert links == {"zh-hans": "/privacy/"}


@pytest.mark.django_db
def test_switcher_sends_an_untranslated_page_to_its_english_view(client, home):
    # Not translated yet, the page shows on the English site at the same path (language_fallback).
    page = StandardPage(title="仅有中文", slug="chinese-only")
    home.add_child(instance=page)
    page.save_revision().publish()
    links, _ = switcher(client, "/chinese-only/")
    assert links == {"en": "/en/chinese-only/"}
    links, current = switcher(client, "/en/chinese-only/")
    assert current == "en"
    assert links == {"zh-hans": "/chinese-only/"}


@pytest.mark.django_db
def test_switcher_on_search_keeps_the_query(client):
    links, current = switcher(client, "/search/?q=charity")
    assert current == "zh-hans"
    assert links["en"] == "/en/search/?q=charity"


@pytest.mark.django_db
def test_interface_strings_follow_the_language(client):
    chinese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "跳到主要内容" in chinese and "Skip to main content" not in chinese
    assert "Skip to main content" in english and "跳到主要内容" not in english


@pytest.mark.django_db
def test_pages_announce_their_alternate_languages(client):
    html = BeautifulSoup(client.get("/about/").content, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in html.find_all("link", rel="alternate")}
    assert alternates == {"zh-hans": "http://testserver/about/", "en": "http://testserver/en/about/"}
