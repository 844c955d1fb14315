"""Scheduled publishing: Wagtail's go_live_at, made live by the ``publish_scheduled`` command (cron)."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from stories.models import StoryPage
from tests.stories.factories import add_story

TITLE = "九月五日零点发布的故事"


def visible(client, index):
    listing = client.get(index.url).content.decode()
    rss = client.get(index.url + "feed/rss/").content.decode()
    atom = client.get(index.url + "feed/atom/").content.decode()
    return TITLE in listing, TITLE in rss, TITLE in atom


@pytest.mark.django_db
def test_scheduled_story_appears_only_after_publish_scheduled_runs_at_its_time(client, stories_index):
    go_live = timezone.now() + datetime.timedelta(days=3)
    story = add_story(stories_index, TITLE, publish=False, date=datetime.date(2026, 11, 28))
    story.go_live_at = go_live
    revision = story.save_revision()
    revision.publish(skip_permission_checks=True)  # with a future go_live_at this only schedules it
    story.refresh_from_db()
    assert not story.live
    assert visible(client, stories_index) == (False, False, False)

    call_command("publish_scheduled", stdout=StringIO())  # too early: nothing happens
    assert not StoryPage.objects.get(pk=story.pk).live

    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    assert StoryPage.objects.get(pk=story.pk).live
    assert visible(client, stories_index) == (True, True, True)


@pytest.mark.django_db
def test_story_with_an_expiry_leaves_listing_and_feeds_after_publish_scheduled(client, stories_index):
    story = add_story(stories_index, TITLE, date=datetime.date(2026, 11, 28))
    expire = timezone.now() + datetime.timedelta(days=1)
    StoryPage.objects.filter(pk=story.pk).update(expire_at=expire)
    assert visible(client, stories_index) == (True, True, True)
    with mock.patch("django.utils.timezone.now", return_value=expire + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=StringIO())
    assert visible(client, stories_index) == (False, False, False)
