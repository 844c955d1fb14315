"""Purging the caching proxy (wucheng_site/frontend_cache.py). A real HTTP server on 127.0.0.1 stands
in for nginx and records every PURGE it receives; tests/deploy/ checks the real proxy end to end."""

import http.server
import threading

import pytest
from django.test import override_settings

from disclosures.models import DisclosureIndexPage
from home.models import SiteSettings
from stories.models import StoryIndexPage
from tests.disclosures.factories import add_disclosure
from tests.factories import make_organisation, section
from tests.stories.factories import add_story
from wucheng_site import frontend_cache

pytestmark = pytest.mark.django_db


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append((self.headers["Host"], self.path, self.headers.get("Cookie", "")))
        self.send_response(200 if len(self.server.purged) % 2 else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_address[1]}"
    backend = {"proxy": {"BACKEND": "wucheng_site.frontend_cache.ProxyPurgeBackend", "LOCATION": location}}
    with override_settings(WAGTAILFRONTENDCACHE=backend, WAGTAILFRONTENDCACHE_LANGUAGES=[]):
        yield server
    server.shutdown()


def paths(server, cookie=""):
    return {path for _host, path, sent_cookie in server.purged if sent_cookie == cookie}


def test_publishing_a_disclosure_purges_it_and_everything_that_lists_it(
    site, proxy, django_capture_on_commit_callbacks
):
    org = make_organisation()
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = add_disclosure(org, "二〇二五年度工作报告")
    index = section(DisclosureIndexPage)
    expected = {
        disclosure.url,
        org.url,
        index.url,
        index.url + "compliance/",
        "/",
        "/sitemap.xml",
        "/open-data/disclosures.csv",
        "/open-data/organisations.json",
        "/open-data/",
        "/en/open-data/",
        # untranslated, the disclosure and its organisation show on the English site too
        "/en" + disclosure.url,
        "/en" + org.url,
    }
    assert expected <= paths(proxy)
    # Each URL once per display mode: the proxy's cache key includes the display-mode cookie.
    assert expected <= paths(proxy, "wucheng_display=large")
    assert {host for host, _path, _cookie in proxy.purged} == {"localhost"}
    # Nothing unrelated: another organisation's profile is left alone.
    other = make_organisation()
    assert other.url not in paths(proxy)


def test_nothing_is_purged_before_the_transaction_commits(site, proxy, django_capture_on_commit_callbacks):
    org = make_organisation()
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_disclosure(org, "尚未提交的公开")
    assert proxy.purged == []
    for callback in callbacks:
        callback()
    assert org.url in paths(proxy)


def test_unpublish_move_and_delete_purge_the_old_urls(site, proxy, django_capture_on_commit_callbacks):
    stories = section(StoryIndexPage)
    story = add_story(stories, "将被撤下的故事")
    org = make_organisation()
    old_url = story.url
    for action in ("unpublish", "delete"):
        proxy.purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if action == "unpublish":
                story.unpublish()
            else:
                story.save_revision().publish()
                proxy.purged.clear()
                story.delete()
        assert {old_url, stories.url, stories.url + "feed/rss/", "/"} <= paths(proxy), action

    disclosure = add_disclosure(org, "将被移动的公开")
    target = make_organisation()
    old_url = disclosure.url
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.move(target, pos="last-child")
    disclosure.refresh_from_db()
    assert {old_url, org.url, disclosure.url, target.url} <= paths(proxy)


def test_a_settings_change_purges_every_page(site, proxy, django_capture_on_commit_callbacks):
    story = add_story(section(StoryIndexPage), "设置改动后的故事")
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        settings = SiteSettings.for_site(site)
        settings.phone = "0579-12345678"
        settings.save()
    assert {"/", "/en/", story.url, section(DisclosureIndexPage).url} <= paths(proxy)


def test_without_a_proxy_nothing_is_sent(site, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    org = make_organisation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_disclosure(org, "没有代理时的公开")
    assert callbacks == []
    # The profile's own address, and where the English site shows it until it is translated.
    english = org.full_url.replace("http://localhost/", "http://localhost/en/")
    assert frontend_cache.urls_for_pages([org], related=False) == {org.full_url, english}


def test_more_pages_than_the_limit_purge_only_what_lists_them(
    site, proxy, django_capture_on_commit_callbacks, monkeypatch
):
    """An import of a province's archive changes 10^5 pages at once: their listings are purged, not
    each page (a PURGE per page and display mode, and ids beyond a query's parameter limit)."""
    first, second = make_organisation(), make_organisation()
    pages = [add_disclosure(first, "二〇二四年度工作报告"), add_disclosure(second, "二〇二五年度工作报告")]
    index = section(DisclosureIndexPage)
    bystander = make_organisation()
    monkeypatch.setattr(frontend_cache, "MAX_PURGE_PAGES", 1)
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        frontend_cache.purge_for_pages(page for page in pages)  # a generator, as the importer passes
    purged = paths(proxy)
    assert {first.url, second.url, index.url, index.url + "compliance/", "/", "/sitemap.xml"} <= purged
    assert not {page.url for page in pages} & purged
    assert bystander.url not in purged
    # The control: within the limit each page is purged too.
    monkeypatch.setattr(frontend_cache, "MAX_PURGE_PAGES", 2)
    proxy.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        frontend_cache.purge_for_pages(page for page in pages)
    assert {page.url for page in pages} <= paths(proxy)
