"""Ranking that holds on any text, alike on every engine of the suite (SQLite, PostgreSQL, OpenSearch):

a. a page whose title is the query (however written) comes before pages that mention its words in
   passing, and title, organisation name and body weigh the same on every engine;
b. a multi-word query finds the pages with every word first, then the siblings with all but one;
c. a credit code lists the organisation, then its own pages;
d. synonyms and abbreviations (kept in the admin, read at query time), questions reduced to their
   content words, word-order variants.
"""

import json

import pytest
from wagtail.models import Page

from accounts import roles
from search.models import SearchSynonym
from search.segmentation import concepts
from search.synonyms import build_map
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_organisation, make_user

pytestmark = pytest.mark.usefixtures("engine_forgets_this_tests_pages")


def titles(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return [result["title"] for result in json.loads(response.content)["results"]]


@pytest.fixture
def pond(db):
    """Two organisations, a project with a notice and its results, a fund's yearly report, and pages
    that mention the project's words only in passing."""
    lotus = make_organisation("金华市婺城区荷塘公益基金会", kind="foundation")
    other = make_organisation("婺城区翠湖志愿者协会")
    pages = {
        "notice": add_disclosure(
            lotus,
            "“青荷课堂”项目实施公告",
            disclosure_type="project",
            body="<p>面向乡村小学开设美育课程。</p>",
        ),
        "results": add_disclosure(
            lotus,
            "“青荷课堂”项目执行结果",
            disclosure_type="project",
            body="<p>青荷课堂全年开课四十节，受益学生六百人。</p>",
        ),
        "fund": add_disclosure(
            lotus,
            "荷塘美育专项基金2025年度报告",
            disclosure_type="annual_report",
            body="<p>本基金支持青荷课堂等美育项目。</p>",
        ),
        "annual": add_disclosure(
            lotus, "2025年度工作报告", disclosure_type="annual_report", body="<p>全年收入与支出情况。</p>"
        ),
        "passing": add_disclosure(
            other,
            "翠湖志愿服务简报",
            body="<p>志愿者参观了青荷课堂，并交流了美育经验。全年执行结果良好。</p>",
        ),
        "donations": add_disclosure(
            other, "2025年接受捐赠情况", body="<p>本会收到社会各界捐赠物资一批，已全部发放。</p>"
        ),
    }
    # Other projects' results: 执行结果 is a common phrase, as in any real collection of filings.
    for n, name in enumerate(["春泥护苗", "银龄互助", "暖冬送衣", "爱心早餐", "助残就业", "邻里守望"]):
        add_disclosure(
            other, f"“{name}”项目执行结果", slug=f"results-{n}", body="<p>项目已全部执行完毕。</p>"
        )
    return lotus, other, pages


@pytest.mark.django_db
def test_a_a_title_that_is_the_query_comes_first_however_it_is_written(client, pond):
    _lotus, _other, pages = pond
    # Spaces, full-width punctuation and traditional characters do not make it another title.
    for query in ("青荷课堂 项目执行结果", "“青荷課堂”項目執行結果"):
        assert titles(client, query)[0] == pages["results"].title, query


@pytest.mark.django_db
def test_a_a_word_in_the_title_outranks_the_same_word_in_passing(client, pond):
    _lotus, _other, pages = pond
    found = titles(client, "青荷课堂")
    assert found.index(pages["passing"].title) > found.index(pages["notice"].title)
    assert found.index(pages["passing"].title) > found.index(pages["results"].title)


@pytest.mark.django_db
def test_a_the_organisations_name_finds_its_disclosures(client, pond):
    _lotus, _other, pages = pond
    # Neither word pair is in the annual report's title or body: the organisation's name is.
    assert pages["annual"].title in titles(client, "荷塘公益基金会 工作报告")


@pytest.mark.django_db
def test_b_siblings_with_most_words_follow_the_pages_with_every_word(client, pond):
    _lotus, _other, pages = pond
    found = titles(client, "青荷课堂 执行结果")
    assert found[0] == pages["results"].title
    # The passing mention has both words; the project's notice and the fund's report have all but one.
    assert pages["notice"].title in found and pages["fund"].title in found
    assert found.index(pages["notice"].title) > found.index(pages["passing"].title)


@pytest.mark.django_db
def test_b_a_single_word_query_has_no_partial_matches(client, pond):
    assert titles(client, "不存在的词汇组合") == []


@pytest.mark.django_db
def test_c_a_credit_code_lists_the_organisation_then_its_disclosures(client, pond):
    lotus, _other, pages = pond
    code = lotus.credit_code
    for query in (code, code.lower(), " ".join(code)):
        found = titles(client, query)
        assert found[0] == lotus.title, query
        assert set(found[1:]) == {pages[k].title for k in ("notice", "results", "fund", "annual")}


@pytest.mark.django_db
def test_d_a_synonym_finds_the_other_word(client, pond):
    _lotus, _other, pages = pond
    # The shipped list has 捐款/捐赠; the page says 捐赠.
    assert pages["donations"].title in titles(client, "捐款")


@pytest.mark.django_db
def test_d_questions_are_reduced_to_their_content_words(client, pond):
    lotus, _other, pages = pond
    assert titles(client, "荷塘公益基金会是谁负责的")[0] == lotus.title
    assert pages["results"].title in titles(client, "青荷课堂的执行结果在哪里查")[:3]


@pytest.mark.django_db
def test_d_word_order_does_not_change_what_is_found_first(client, pond):
    _lotus, _other, pages = pond
    assert titles(client, "执行结果 青荷课堂")[0] == pages["results"].title


@pytest.mark.django_db
def test_d_a_synonym_edited_in_the_admin_works_without_reindexing(client, pond):
    _lotus, _other, pages = pond
    assert pages["notice"].title not in titles(client, "莲蓬学堂")
    admin = make_user("synonym-admin", superuser=True)
    login(client, admin)
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/", {"terms": "莲蓬学堂、青荷课堂", "note": "项目简称"}
    )
    assert response.status_code == 302, response.content[:2000]
    client.logout()
    assert pages["notice"].title in titles(client, "莲蓬学堂")
    # Deleting the group takes effect as well.
    SearchSynonym.objects.filter(terms__contains="莲蓬学堂").delete()
    assert pages["notice"].title not in titles(client, "莲蓬学堂")


@pytest.mark.django_db
def test_a_synonym_group_needs_two_distinct_words(client):
    login(client, make_user("synonym-admin-2", superuser=True))
    response = client.post("/admin/snippets/search/searchsynonym/add/", {"terms": "捐款，捐款"})
    assert response.status_code == 200
    assert "至少" in response.content.decode() or "at least two" in response.content.decode()
    assert not SearchSynonym.objects.filter(terms="捐款，捐款").exists()


def test_concepts_merge_words_that_make_up_a_synonym_and_drop_question_words():
    synonyms = build_map([["慈总", "慈善总会"], ["账目", "财务报告"]])
    found = concepts("怎么查慈总的账目？", synonyms)
    assert [c.words for c in found] == [("慈总", "慈善总会"), ("账目", "财务报告")]
    # A query of nothing but question words is kept as typed, not emptied.
    assert [c.words[0] for c in concepts("是什么")] == ["是", "什么"]


@pytest.mark.django_db
def test_every_engine_ranks_the_pond_the_same_way(client, pond):
    """The order is this module's, not the engine's: these pages tie nowhere, so the order is fixed."""
    _lotus, _other, pages = pond
    expected = [pages["results"].title, pages["passing"].title, pages["notice"].title]
    assert titles(client, "青荷课堂 执行结果")[:3] == expected
    assert Page.objects.filter(title=pages["results"].title).count() == 1


def api_titles(client, query, **params):
    response = client.get("/api/v2/pages/", {"search": query, **params})
    assert response.status_code == 200, response.content[:500]
    return [item["title"] for item in json.loads(response.content)["items"]]


@pytest.mark.django_db
def test_the_api_search_runs_through_the_same_pipeline(client, pond):
    lotus, _other, pages = pond
    assert api_titles(client, "荷塘公益基金会是谁负责的")[0] == lotus.title
    assert api_titles(client, lotus.credit_code.lower())[0] == lotus.title
    assert pages["donations"].title in api_titles(client, "捐款")
    found = api_titles(client, "青荷课堂 执行结果")
    assert found[0] == pages["results"].title and pages["notice"].title in found
    # Typed pages, ordering and the OR operator keep Wagtail's own behaviour.
    typed = api_titles(client, "青荷课堂", type="disclosures.DisclosurePage")
    assert set(typed) >= {pages["notice"].title, pages["results"].title}
    assert api_titles(client, '\x01"', search_operator="or") == []


@pytest.mark.django_db
def test_suggestions_fill_up_from_the_search(client, pond):
    _lotus, _other, pages = pond
    response = client.get("/search/suggest/", {"q": "青荷課堂的結果"})
    found = [item["title"] for item in json.loads(response.content)["suggestions"]]
    assert found and found[0] == pages["results"].title


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        (roles.SITE_ADMINS, True),
        (roles.CIVIL_AFFAIRS_REVIEWERS, False),
        (roles.PROPAGANDA_EDITORS, False),
        (roles.PROPAGANDA_APPROVERS, False),
        (roles.AWARD_COMMITTEE_CHAIR, False),
    ],
)
def test_only_site_administrators_keep_the_synonyms(client, group, allowed):
    group_slug = "".join(ch for ch in group.encode().hex()[:8])
    login(client, make_user(f"synonyms-{group_slug}", group))
    synonym = SearchSynonym.objects.first()
    urls = [
        "/admin/snippets/search/searchsynonym/",
        "/admin/snippets/search/searchsynonym/add/",
        f"/admin/snippets/search/searchsynonym/edit/{synonym.pk}/",
        f"/admin/snippets/search/searchsynonym/delete/{synonym.pk}/",
    ]
    for url in urls:
        status = client.get(url).status_code
        assert (status == 200) if allowed else status in (302, 403), (url, status)
    response = client.post("/admin/snippets/search/searchsynonym/add/", {"terms": "甲乙丙，丁戊己"})
    assert SearchSynonym.objects.filter(terms="甲乙丙，丁戊己").exists() is allowed, response.status_code


@pytest.mark.django_db
def test_organisation_accounts_and_visitors_cannot_reach_the_synonyms(client, org_a):
    assert client.get("/admin/snippets/search/searchsynonym/").status_code == 302  # to sign in
    from disclosures.accounts import create_organisation_account

    user, _ = create_organisation_account(org_a, "synonym-org")
    login(client, user)
    assert client.get("/admin/snippets/search/searchsynonym/").status_code in (302, 403)
    client.post("/admin/snippets/search/searchsynonym/add/", {"terms": "庚辛，壬癸"})
    assert not SearchSynonym.objects.filter(terms="庚辛，壬癸").exists()


@pytest.mark.django_db
def test_partial_matches_only_say_so_and_get_the_help(client, pond):
    _lotus, _other, pages = pond
    data = json.loads(client.get("/search/", {"q": "青荷课堂 年终总结", "format": "json"}).content)
    assert data["total"] >= 1 and data["partial_matches_only"] is True
    assert {"organisations", "did_you_mean", "popular"} <= set(data["help"])
    page = client.get("/search/", {"q": "青荷课堂 年终总结"}).content.decode()
    assert "没有同时包含全部词语" in page
    full = json.loads(client.get("/search/", {"q": "青荷课堂", "format": "json"}).content)
    assert "partial_matches_only" not in full and "help" not in full


@pytest.mark.django_db
def test_a_renamed_organisations_disclosures_are_found_by_the_new_name(client, pond):
    lotus, _other, pages = pond

    def search():
        return json.loads(client.get("/search/", {"q": "碧莲公益基金会 工作报告", "format": "json"}).content)

    assert search().get("partial_matches_only") is True  # no page has 碧莲 yet
    lotus.title = "金华市婺城区碧莲公益基金会"
    lotus.save_revision().publish()
    found = search()
    assert "partial_matches_only" not in found
    assert found["results"][0]["title"] == pages["annual"].title
