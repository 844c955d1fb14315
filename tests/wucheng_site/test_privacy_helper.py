"""The leak check itself must see what is public, or the privacy tests would pass vacuously."""

import pytest

from stories.models import StoryIndexPage
from tests.disclosures.factories import add_disclosure
from tests.factories import section
from tests.privacy import leaks, public_outputs
from tests.stories.factories import add_story


@pytest.mark.django_db
def test_public_outputs_contain_public_text_from_each_kind_of_output(client, org_a, org_b):
    # Public text of each kind: organisations (open data, API, search), a disclosure (listed on the
    # home page with its organisation's name) and a story (the feeds).
    add_disclosure(org_a, "年度工作报告")
    add_story(section(StoryIndexPage), "春风助学记")
    outputs = dict(public_outputs(client, search_terms=["春晖助学"]))
    found = dict(leaks(outputs.items(), ["婺城区慈善总会", "春晖"]))
    assert "/" in found  # home page
    assert "/open-data/organisations.csv" in {url for url, _ in leaks(outputs.items(), ["婺城区慈善总会"])}
    assert any(
        url.startswith("/search/?q=春晖助学&format=json") for url, _ in leaks(outputs.items(), ["春晖"])
    )
    assert any(
        url.startswith("/api/v2/pages/?offset=") for url, _ in leaks(outputs.items(), ["婺城区慈善总会"])
    )
    assert any(url.endswith("/feed/rss/") for url, _ in leaks(outputs.items(), ["<item>"]))
