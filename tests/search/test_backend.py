"""The Chinese-aware database backend, on the database the suite runs on (SQLite, then PostgreSQL)."""

import json

import modelsearch
import pytest
from django.db import connection

from search import backends
from tests.disclosures.factories import add_disclosure, add_document
from tests.factories import credit_code, make_organisation


def titles(client, query, language=""):
    data = json.loads(client.get(f"{language}/search/", {"q": query, "format": "json"}).content)
    return [result["title"] for result in data["results"]]


def test_modelsearch_is_the_version_our_extension_points_were_checked_against():
    assert modelsearch.__version__ == backends.MODELSEARCH_VERSION


def global_names(code):
    """Global names a function's code (and the comprehensions inside it) looks up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= global_names(const)
    return names


def test_upstream_add_items_still_builds_indexers_through_the_name_we_rebind():
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres import postgres as upstream

        from search.backends import postgres as ours

        index, indexer, upstream_index = ours.PostgresIndex, ours.PostgresIndexer, upstream.PostgresIndex
    else:
        from modelsearch.backends.database.sqlite import sqlite as upstream

        from search.backends import sqlite as ours

        index, indexer, upstream_index = ours.SQLiteIndex, ours.SQLiteIndexer, upstream.SQLiteIndex
    assert "ObjectIndexer" in global_names(upstream_index.add_items.__code__)
    assert index.add_items.__globals__["ObjectIndexer"] is indexer
    assert upstream.ObjectIndexer is not indexer  # the stock backend is untouched


@pytest.fixture
def elderly_care(db):
    return make_organisation("婺城区乐龄社会工作服务中心", kind="social_service_org", town="汤溪镇")


@pytest.fixture
def notice(elderly_care):
    return add_disclosure(
        elderly_care,
        "乐龄中心关于开展冬季助浴服务的公告",
        body="<p>本中心联合汤溪镇卫生院，为80周岁以上独居老人提供上门助浴和健康体检服务，ABC公益基金2025年资助12万元。</p>",
    )


@pytest.mark.django_db
def test_two_character_word_inside_a_sentence_is_found(client, notice):
    assert notice.title in titles(client, "助浴")
    assert notice.title in titles(client, "体检")


@pytest.mark.django_db
def test_several_words_without_spaces_are_found(client, notice):
    assert notice.title in titles(client, "独居老人助浴服务")


@pytest.mark.django_db
def test_phrase_must_match_in_order(client, notice):
    assert notice.title in titles(client, '"上门助浴"')
    assert notice.title not in titles(client, '"助浴上门"')


@pytest.mark.django_db
def test_traditional_characters_find_simplified_text(client, notice):
    assert notice.title in titles(client, "獨居老人")


@pytest.mark.django_db
def test_full_width_letters_and_mixed_scripts_are_found(client, notice):
    assert notice.title in titles(client, "ＡＢＣ公益基金 2025")
    assert notice.title in titles(client, "abc 12万元")


def add_audit_report(org, year=2024, pdf=True):
    """``org``'s audit report for ``year``; the audit opinion is only in its PDF (when ``pdf``)."""
    return add_disclosure(
        org,
        f"{org.title}{year}年度审计报告",
        disclosure_type="audit_report",
        year=year,
        body=f"<p>{year}年度财务报表已经会计师事务所审计，审计报告全文见附件。</p>",
        attachments=[add_document(org)] if pdf else [],
    )


@pytest.mark.django_db
def test_words_only_in_a_pdf_attachment_are_found(client, elderly_care):
    with_pdf = add_audit_report(elderly_care, 2024)
    without_pdf = add_audit_report(elderly_care, 2023, pdf=False)
    found = titles(client, "无保留意见")
    assert with_pdf.title in found
    assert without_pdf.title not in found


@pytest.mark.django_db
def test_credit_code_finds_the_organisation_first(client):
    code = credit_code()
    org = make_organisation("婺城区乐龄社会工作服务中心", credit_code=code)
    # Pages that mention the code in their text compete with the organisation itself.
    other = make_organisation("婺城区助老服务联合会")
    for number in range(3):
        add_disclosure(
            other, f"与{code}合作的公告{number}", body=f"<p>合作方统一社会信用代码：{code}；{code}。</p>"
        )
    found = titles(client, code.lower())
    assert found[0] == org.title


@pytest.mark.django_db
def test_excluded_words_remove_results(client, notice):
    assert notice.title in titles(client, "助浴")
    assert notice.title not in titles(client, "助浴 -体检")


@pytest.mark.django_db
def test_differently_segmented_words_still_match(client, elderly_care):
    report = add_disclosure(
        elderly_care, f"{elderly_care.title}2024年度工作报告", disclosure_type="annual_report", year=2024
    )
    # The text says 年度工作报告; jieba keeps 年度报告 as one word in the query.
    assert report.title in titles(client, "年度报告")


@pytest.mark.django_db
def test_year_written_without_du_finds_the_annual_report(client, elderly_care, notice):
    # The text says 2025年资助 ; people also write "2023年审计报告" for a 2023年度审计报告.
    audit = add_audit_report(elderly_care, 2024, pdf=False)
    assert notice.title in titles(client, "2025年 助浴")
    assert audit.title in titles(client, "2024年审计报告")


@pytest.mark.django_db
def test_paging_through_results_shows_each_result_once(client, org_a):
    for number in range(12):
        add_disclosure(org_a, f"慈善公告{number}", body=f"<p>{org_a.title}第{number}号公告。</p>")
    seen, page = [], 1
    while True:
        data = json.loads(
            client.get("/search/", {"q": "婺城区慈善总会", "format": "json", "page": page}).content
        )
        seen.extend(result["url"] for result in data["results"])
        if len(seen) >= data["total"] or not data["results"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == data["total"]
    assert data["total"] > 10  # more than one page
    first = json.loads(client.get("/search/", {"q": "婺城区慈善总会", "format": "json"}).content)
    assert first["results"][0]["title"] == "婺城区慈善总会"
