"""Disclosures are found by words that appear only in their PDF attachments."""

import json

import pytest

from tests.disclosures.factories import add_disclosure, add_document


def search(client, query):
    return json.loads(client.get("/search/", {"q": query, "format": "json"}).content)


@pytest.mark.django_db
def test_words_only_in_an_attachment_find_the_disclosure(client, org_a):
    audit = add_disclosure(
        org_a,
        f"{org_a.title}2024年度审计报告",
        disclosure_type="audit_report",
        year=2024,
        body="<p>本会2024年度财务报表已经会计师事务所审计，审计报告全文见附件。</p>",
        attachments=[(add_document(org_a), "2024年度财务报表审计报告")],
    )
    # The control: the same disclosure without the PDF, whose text alone does not say it.
    add_disclosure(
        org_a,
        f"{org_a.title}2023年度审计报告",
        disclosure_type="audit_report",
        year=2023,
        body="<p>本会2023年度财务报表已经会计师事务所审计，审计报告全文见附件。</p>",
    )
    data = search(client, "审计意见类型")  # only in the PDF
    assert [r["title"] for r in data["results"]] == [audit.title]
    assert data["results"][0]["type"] == "disclosure"


@pytest.mark.django_db
def test_organisations_are_typed_in_search_results(client, org_a):
    add_disclosure(
        org_a, f"{org_a.title}关于开展慈善一日捐的公告", body=f"<p>{org_a.title}发起慈善一日捐。</p>"
    )
    data = search(client, org_a.title)
    assert {"title": org_a.title, "type": "organisation"}.items() <= data["results"][0].items()
    assert {"title": f"{org_a.title}关于开展慈善一日捐的公告", "type": "disclosure"} in [
        {"title": r["title"], "type": r["type"]} for r in data["results"]
    ]
