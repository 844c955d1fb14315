"""``load_demo`` builds the whole tree once and is safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from stories.models import StoryIndexPage


def counts():
    return Page.objects.count(), get_user_model().objects.count()


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_the_second_time():
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_load_demo_creates_demo_accounts_in_their_groups():
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="reviewer").groups.get().name == "民政局审核员"
    assert User.objects.get(username="editor").has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_demo_tree_has_both_languages_with_matching_pages():
    # Organisation profiles and disclosures stay in Chinese (legal names, original documents).
    def keys(language, **depth):
        pages = Page.objects.filter(locale__language_code=language, **depth)
        return set(pages.values_list("translation_key", flat=True))

    sections = keys("zh-hans", depth__gte=2, depth__lte=3)
    assert len(sections) == 10  # … and 公众监督 (oversight)
    # Every section and standard page has its English translation; deeper pages where it makes sense
    # (policies, stories …); every English page translates a Chinese one.
    assert sections <= keys("en", depth__gte=2)
    assert keys("en", depth__gte=2) <= keys("zh-hans", depth__gte=2)
    # Stories and campaigns are all translated.
    stories = StoryIndexPage.objects.get(locale__language_code="zh-hans")
    story_pages = set(Page.objects.descendant_of(stories).values_list("translation_key", flat=True))
    assert len(story_pages) == 14
    assert story_pages <= keys("en", depth__gte=2)
    assert not Page.objects.filter(depth__gte=2, live=False).exists()
