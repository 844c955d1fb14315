"""Disclosures are found by words that appear only in their PDF attachments."""

import json

import pytest


def search(client, query):
    return json.loads(client.get("/search/", {"q": query, "format": "json"}).content)


@pytest.mark.django_db
def test_words_only_in_an_attachment_find_the_disclosure(client):
    data = search(client, "审计意见类型")
    assert [r["title"] for r in data["results"]] == ["婺城区示例慈善基金会2024年度审计报告"]
    assert data["results"][0]["type"] == "disclosure"


@pytest.mark.django_db
def test_organisations_are_typed_in_search_results(client):
    data = search(client, "婺城区慈善总会")
    assert {"title": "婺城区慈善总会", "type": "organisation"}.items() <= data["results"][0].items()
