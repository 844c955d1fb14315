"""The page chrome (navigation, footer links, home pages, private sections) is kept across requests
(home/chrome.py): every change that alters it shows on the next page, in both languages."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.chrome import bump
from home.models import NavigationItem, NavigationSettings, SiteSettings, StandardPage
from stories.models import StoryIndexPage
from tests.factories import make_organisation, section
from tests.stories.factories import add_story

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def footer_links(client, url="/"):
    nav = html(client, url).find("nav", class_="site-footer__links")
    return [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")] if nav else []


def menu(client, url="/"):
    nav = html(client, url).find("nav", class_="main-nav")
    return [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]


def about_page(home, title="捐赠指南", slug="giving-guide"):
    page = StandardPage(title=title, slug=slug)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_second_page_reads_no_navigation_from_the_database(client):
    client.get("/")  # builds the chrome
    with CaptureQueriesContext(connection) as captured:
        client.get("/about/")
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "home_navigationitem" not in tables
    assert 'wagtailcore_pageviewrestriction" INNER JOIN' not in tables  # the private sections too
    # The control: after a change of the top of the tree, the next page does read them.
    bump()
    with CaptureQueriesContext(connection) as captured:
        client.get("/about/")
    assert "home_navigationitem" in " ".join(query["sql"] for query in captured.captured_queries)


def test_a_published_about_page_joins_the_footer_and_leaves_it_when_unpublished(client, home):
    before = footer_links(client)
    page = about_page(home)
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    page.unpublish()
    assert footer_links(client) == before


def test_a_renamed_section_is_renamed_in_the_navigation(client, home):
    assert ("慈善文化", "/stories/") in menu(client)
    stories = section(StoryIndexPage)
    stories.title = "慈善故事"
    stories.save_revision().publish()
    labels = [label for label, _href in menu(client)]
    assert "慈善故事" in labels and "慈善文化" not in labels


def test_a_moved_page_leaves_the_footer(client, home):
    page = about_page(home)
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    page.move(StandardPage.objects.get(slug="about", locale=home.locale), pos="last-child")
    assert "捐赠指南" not in [title for title, _href in footer_links(client)]


def test_a_deleted_page_leaves_the_footer(client, home):
    page = about_page(home)
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    page.delete()
    assert "捐赠指南" not in [title for title, _href in footer_links(client)]


def test_a_navigation_item_added_in_the_settings_shows_in_both_languages(client, home, english):
    page = about_page(home)
    menu(client), menu(client, "/en/")
    navigation = NavigationSettings.objects.get()
    NavigationItem.objects.create(
        setting=navigation, page=page, label="指南", label_en="Guide", sort_order=50
    )
    assert ("指南", "/giving-guide/") in menu(client)
    assert "Guide" not in [label for label, _href in menu(client, "/en/")]  # no English page yet


def test_a_navigation_item_deeper_in_the_tree_follows_its_page(client):
    story = add_story(section(StoryIndexPage), "年度慈善人物")
    NavigationItem.objects.create(setting=NavigationSettings.objects.get(), page=story, sort_order=60)
    assert ("年度慈善人物", story.url) in menu(client)
    story.title = "2026年度慈善人物"
    story.save_revision().publish()
    assert ("2026年度慈善人物", story.url) in menu(client)
    story.unpublish()
    assert "2026年度慈善人物" not in [label for label, _href in menu(client)]


def test_a_view_restriction_hides_a_page_from_the_footer_and_from_listings(client, home):
    page = about_page(home)
    organisation = make_organisation()
    story = add_story(section(StoryIndexPage), "受限栏目里的故事", subjects=[organisation])
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    assert story.title in html(client, organisation.url).get_text()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    private_stories = PageViewRestriction.objects.create(
        page=section(StoryIndexPage), restriction_type=PageViewRestriction.LOGIN
    )
    assert "捐赠指南" not in [title for title, _href in footer_links(client)]
    assert story.title not in html(client, organisation.url).get_text()
    assert story.title not in html(client, "/").get_text()
    restriction.delete()
    private_stories.delete()
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    assert story.title in html(client, organisation.url).get_text()


def test_saving_the_site_settings_renews_the_chrome(client, site, home):
    footer_links(client)
    settings = SiteSettings.for_site(site)  # loaded with the version of now …
    about_page(home)  # … which this changes
    settings.phone = "0579-88888888"
    settings.save()  # writes the old version back: the save renews it again
    assert ("捐赠指南", "/giving-guide/") in footer_links(client)
    assert "0579-88888888" in html(client, "/").find("footer").get_text()


def site_queries(client, url="/", **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in captured.captured_queries if '"wagtailcore_site"' in q["sql"]]


def test_the_site_is_found_once_and_again_after_any_change_of_sites(client, site, home):
    """home.chrome.find_site keeps the Site a host resolved to; a new Site for that host is obeyed on
    the very next request, and a deleted one is forgotten."""
    about = about_page(home)
    site_queries(client, HTTP_HOST="127.0.0.1")
    response, queries = site_queries(client, HTTP_HOST="127.0.0.1")
    assert queries == []  # kept
    assert response.context["page"].pk == home.pk  # 127.0.0.1 falls back to the default site
    other = Site.objects.create(hostname="127.0.0.1", port=80, root_page=about, is_default_site=False)
    response, queries = site_queries(client, HTTP_HOST="127.0.0.1")
    assert queries  # the change renewed the version: found again …
    assert response.context["page"].pk == about.pk  # … and it is the new site
    # Other hosts were not moved by it.
    assert site_queries(client)[0].context["page"].pk == home.pk
    other.delete()
    response, queries = site_queries(client, HTTP_HOST="127.0.0.1")
    assert queries and response.context["page"].pk == home.pk


def test_requests_get_their_own_copies_of_the_kept_site(rf, client, site):
    from home.chrome import find_site

    client.get("/")
    first, second = rf.get("/"), rf.get("/")
    find_site(first)
    find_site(second)
    assert first._wagtail_site is not second._wagtail_site
    assert first._wagtail_site.root_page is not second._wagtail_site.root_page
    assert first._wagtail_site.pk == second._wagtail_site.pk == site.pk
    assert SiteSettings.for_request(first).site_id == site.pk


def test_healthz_does_not_look_for_the_site(client):
    with CaptureQueriesContext(connection) as captured:
        client.get("/healthz")
    assert not [q for q in captured.captured_queries if "home_sitesettings" in q["sql"]]
    assert not [q for q in captured.captured_queries if '"wagtailcore_site"' in q["sql"]]
