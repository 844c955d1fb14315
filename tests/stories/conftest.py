import pytest

from stories.models import StoryIndexPage


@pytest.fixture
def stories_index(chinese):
    return StoryIndexPage.objects.get(locale=chinese)
