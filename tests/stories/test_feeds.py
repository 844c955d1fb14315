"""RSS 2.0 and Atom feeds: valid XML with the required elements, only live public stories."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from wagtail.models import PageViewRestriction

from stories.models import StoryIndexPage
from tests.stories.factories import add_story, add_translation

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)


def path_of(url):
    return urlsplit(url).path


@pytest.mark.django_db
def test_rss_feed_is_valid_rss_2_with_required_elements(client, stories_index):
    stories = [
        add_story(stories_index, f"订阅源里的故事{number}", date=datetime.date(2026, 10, number + 1))
        for number in range(3)
    ]
    root = fetch(client, stories_index.url + "feed/rss/", "application/rss+xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert channel.findtext("language") == "zh-hans"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [story.title for story in reversed(stories)]
    for item in items:
        assert item.findtext("title") and item.findtext("description")
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert client.get(path_of(item.findtext("link"))).status_code == 200
        assert item.findtext("guid") == item.findtext("link")


@pytest.mark.django_db
def test_atom_feed_is_valid_atom_with_required_elements(client, stories_index):
    stories = [
        add_story(stories_index, f"Atom里的故事{number}", date=datetime.date(2026, 10, number + 1))
        for number in range(3)
    ]
    root = fetch(client, stories_index.url + "feed/atom/", "application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    datetime.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        story.title for story in reversed(stories)
    ]
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert client.get(path_of(link)).status_code == 200


@pytest.mark.django_db
def test_english_feeds_carry_the_english_stories(client, stories_index, english):
    story = add_story(stories_index, "胡师傅的“爱心超市”")
    add_translation(story, "Master Hu's charity shop", tags=["charity shop"])
    add_story(stories_index, "没有英文版的故事")
    index = StoryIndexPage.objects.get(locale=english)
    channel = fetch(client, index.url + "feed/rss/", "application/rss+xml").find("channel")
    assert channel.findtext("language") == "en"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Master Hu's charity shop"]
    assert all(path_of(item.findtext("link")).startswith("/en/") for item in channel.findall("item"))
    atom = fetch(client, index.url + "feed/atom/", "application/atom+xml")
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


@pytest.mark.django_db
def test_draft_and_private_stories_are_not_in_the_feeds(client, stories_index):
    add_story(stories_index, "草稿故事不进订阅源", publish=False)
    private = add_story(stories_index, "受限故事不进订阅源")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    published = add_story(stories_index, "已发布故事进订阅源")
    for path in ("feed/rss/", "feed/atom/"):
        body = client.get(stories_index.url + path).content.decode()
        assert published.title in body
        assert "草稿故事不进订阅源" not in body
        assert "受限故事不进订阅源" not in body


@pytest.mark.django_db
def test_newest_story_comes_first_in_the_feed(client, stories_index):
    add_story(stories_index, "最新的故事", date=datetime.date(2026, 11, 27))
    channel = fetch(client, stories_index.url + "feed/rss/", "application/rss+xml").find("channel")
    assert channel.find("item").findtext("title") == "最新的故事"


@pytest.mark.django_db
def test_listing_and_home_link_the_feeds_for_autodiscovery(client, stories_index, home):
    from bs4 import BeautifulSoup

    for url in (stories_index.url, home.url):
        head = BeautifulSoup(client.get(url).content, "html.parser").head
        feeds = {link["type"]: link for link in head.find_all("link", rel="alternate") if link.get("type")}
        assert feeds["application/rss+xml"]["href"] == f"{stories_index.url}feed/rss/"
        assert feeds["application/atom+xml"]["href"] == f"{stories_index.url}feed/atom/"
        assert "RSS" in feeds["application/rss+xml"]["title"]


@pytest.mark.django_db
def test_feed_queries_stay_bounded(client, stories_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get(stories_index.url + "feed/rss/")  # warm what is kept across requests
        with CaptureQueriesContext(connection) as captured:
            client.get(stories_index.url + "feed/rss/")
        return len(captured)

    add_story(stories_index, "订阅源的第一个故事", tags=["标签甲"])
    before = queries()
    for number in range(10):
        add_story(stories_index, f"订阅源故事{number}", tags=["标签甲", "标签乙"])
    assert queries() == before


@pytest.mark.django_db
def test_feed_dates_are_the_story_dates_not_the_time_they_were_loaded(client, stories_index):
    """Stories loaded in one go (the demo, an import) all go live the same second: the feeds must still
    date each by its own story date, and call it updated only when it was republished later."""
    older = add_story(stories_index, "去年的故事", date=datetime.date(2025, 5, 20))
    newer = add_story(stories_index, "上个月的故事", date=datetime.date(2026, 10, 18))
    channel = fetch(client, stories_index.url + "feed/rss/", "application/rss+xml").find("channel")
    dates = {
        item.findtext("title"): parsedate_to_datetime(item.findtext("pubDate"))
        for item in channel.findall("item")
    }
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    assert dates[older.title].astimezone(shanghai).date() == datetime.date(2025, 5, 20)
    assert dates[newer.title].astimezone(shanghai).date() == datetime.date(2026, 10, 18)

    root = fetch(client, stories_index.url + "feed/atom/", "application/atom+xml")
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in root.findall(f"{ATOM}entry")}
    published = datetime.datetime.fromisoformat(entries[older.title].findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entries[older.title].findtext(f"{ATOM}updated"))
    assert published.astimezone(shanghai).date() == datetime.date(2025, 5, 20)
    assert updated == published  # published once: not updated since

    older.intro = "改过的摘要。"
    older.save_revision().publish(skip_permission_checks=True)
    older.refresh_from_db()
    root = fetch(client, stories_index.url + "feed/atom/", "application/atom+xml")
    entry = next(e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == older.title)
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == older.last_published_at
    # The feed as a whole was updated when its newest entry was.
    assert datetime.datetime.fromisoformat(root.findtext(f"{ATOM}updated")) >= published
