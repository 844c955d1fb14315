"""The policy list, policy pages in both languages and the public progress page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms

from disclosures.credit_code import check_character
from disclosures.models import OrganisationPage
from policies import tracker
from policies.models import TaskStatusUpdate
from policies.tracker import PolicyStatus
from tests.policies.factories import (
    DONATION_STATIONS,
    TASK_DONE,
    TASK_OVERDUE_MET,
    TASK_UNTOUCHED,
    TRACKED_PLAN_EN,
    TRACKED_TASKS,
    add_indicator,
    make_policy,
    make_policy_in_force,
    relate,
    task_fields,
)


def measures(issuing_body="民政部", **fields):
    """A ministry's disclosure measures in force."""
    return make_policy_in_force("慈善组织信息公开办法", issuing_body=issuing_body, **fields)


def old_measures(**fields):
    """The measures they replaced, repealed."""
    values = {
        "issuing_body": "民政部",
        "status": PolicyStatus.REPEALED,
        "document_number": "民政部令第61号",
        "issued_on": datetime.date(2018, 8, 6),
    }
    return make_policy("慈善组织信息公开办法（2018年）", tasks=0, **(values | fields))


def titles(response):
    assert response.status_code == 200
    return [
        a.get_text(strip=True)
        for a in BeautifulSoup(response.content, "html.parser").select(".listing__title a")
    ]


@pytest.mark.django_db
def test_index_filters_by_status_issuing_body_and_year(client):
    draft = make_policy("关于推进测试区慈善事业发展的实施方案", issuing_body="婺城区民政局")
    current = measures()
    old = old_measures()
    everything = titles(client.get("/policies/"))
    assert sorted(everything) == sorted([draft.title, current.title, old.title])
    assert titles(client.get("/policies/", {"status": "draft"})) == [draft.title]
    assert titles(client.get("/policies/", {"status": "repealed"})) == [old.title]
    assert titles(client.get("/policies/", {"body": "民政部"})) == [current.title, old.title]
    assert titles(client.get("/policies/", {"year": 2018})) == [old.title]
    # An unknown choice is ignored with a message, not a 500.
    assert client.get("/policies/", {"year": "abc", "status": "<x>"}).status_code == 200


@pytest.mark.django_db
def test_page_links_keep_only_the_valid_filters_escaped(client):
    """The links were built from every parameter as typed, unescaped ('&' and all)."""
    measures()
    response = client.get("/policies/", {"body": "民政部", "page": "2", "x": "1&page=9"})
    assert response.context["filter_query"] == "body=%E6%B0%91%E6%94%BF%E9%83%A8"


@pytest.mark.django_db
def test_policy_page_shows_its_metadata_and_related_policies(client):
    old = old_measures()
    page = relate(measures(document_number="民政部令第81号", effective_on=datetime.date(2026, 1, 1)), old)
    html = client.get(page.url).content.decode()
    for text in ("民政部令第81号", "民政部", "2026-01-01", "现行有效", old.title):
        assert text in html


@pytest.mark.django_db
def test_english_policy_page_and_progress_page(client, plan, translated_plan):
    translated = translated_plan
    response = client.get(translated.url)
    assert response.status_code == 200
    assert TRACKED_PLAN_EN[plan.title] in response.content.decode()
    progress = client.get(translated.url + "progress/")
    assert progress.status_code == 200
    assert "Registered volunteers" in progress.content.decode()


def indicator_table(response, name):
    page = BeautifulSoup(response.content, "html.parser")
    for table in page.select("section.indicator table"):
        if name in table.caption.get_text():
            return {
                row.th.get_text(strip=True): row.find_all("td")[0].get_text(strip=True)
                for row in table.tbody.find_all("tr")
            }
    raise AssertionError(f"no table for {name}")


@pytest.mark.django_db
def test_recognised_organisations_are_computed_from_the_directory(client, plan, org_a):
    add_indicator(
        plan, "经认定慈善组织数量", 12, source=tracker.IndicatorSource.RECOGNISED_CHARITIES, unit="家"
    )
    url = plan.url + "progress/"
    year = str(datetime.date.today().year)
    before = indicator_table(client.get(url), "经认定慈善组织数量")
    count = OrganisationPage.objects.live().filter(locale=org_a.locale, recognised_on__isnull=False).count()
    assert before[year] == f"{count}家"
    first17 = "53330702MJ9A8Y7X6"
    newcomer = OrganisationPage(
        title="新认定基金会",
        slug="newly-recognised",
        credit_code=first17 + check_character(first17),
        kind="foundation",
        recognised_on=datetime.date.today(),
    )
    org_a.get_parent().add_child(instance=newcomer)
    newcomer.save_revision().publish()
    assert indicator_table(client.get(url), "经认定慈善组织数量")[year] == f"{count + 1}家"


@pytest.mark.django_db
def test_progress_page_ids_are_unique_with_several_charted_indicators(client, plan):
    """Each indicator's section heading and its chart's title had the same id (indicator-N-title)."""
    last = datetime.date.today().year - 1
    for n in range(3):
        add_indicator(plan, f"图表指标{n}", 10, {last - 2: 3, last - 1: 4, last: 5}, unit="个")
    page = BeautifulSoup(client.get(plan.url + "progress/").content, "html.parser")
    ids = [element["id"] for element in page.select("[id]")]
    assert len(page.select("svg.chart")) >= 3
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    for section in page.select("section.indicator"):  # each section still labelled by its heading
        assert section.select_one(f"#{section['aria-labelledby']}").name == "h3"
    for svg in page.select("svg.chart"):
        assert all(page.select_one(f"#{ref}") for ref in svg["aria-labelledby"].split())


@pytest.mark.django_db
def test_indicator_tables_put_each_value_under_its_header(client, plan):
    """As many cells as headers in every row, the year as the row header, and each cell aligned as its
    column's header (before, figures were right-aligned under left-aligned headers, so they sat under
    the next column's heading)."""
    last = datetime.date.today().year - 1
    add_indicator(plan, "图表指标", 10, {last - 1: 4, last: 5}, unit="个")
    page = BeautifulSoup(client.get(plan.url + "progress/").content, "html.parser")
    tables = page.select("section.indicator table")
    assert tables
    for table in tables:
        headers = table.thead.find_all("th")
        assert all(th.get("scope") == "col" for th in headers)
        for row in table.tbody.find_all("tr"):
            cells = row.find_all(["th", "td"])
            assert len(cells) == len(headers)
            assert cells[0].name == "th" and cells[0].get("scope") == "row"
            for header, cell in zip(headers, cells, strict=True):
                assert ("num" in header.get("class", [])) == ("num" in cell.get("class", [])), (header, cell)
        # Text columns are left-aligned like their headers: the table opts out of right-aligned cells.
        assert "data-table--text" in table["class"]
        assert "num" in headers[1].get("class", [])


@pytest.mark.django_db
def test_count_indicator_charts_have_whole_number_ticks(client, plan):
    last = datetime.date.today().year - 1
    add_indicator(plan, "社区基金会数量", 5, {last - 1: 4, last: 5}, unit="家")
    page = BeautifulSoup(client.get(plan.url + "progress/").content, "html.parser")
    svg = next(s for s in page.select("svg.chart") if "社区基金会数量" in s.title.get_text())
    assert [t.get_text() for t in svg.select("text.chart__tick")] == ["0", "1", "2", "3", "4", "5"]


@pytest.mark.django_db
def test_progress_shows_current_status_with_overdue_derived(client, plan):
    page = BeautifulSoup(client.get(plan.url + "progress/").content, "html.parser")
    rows = {row.th.get_text(strip=True): row for row in page.select("table.task-table tbody tr")}
    assert len(rows) == TRACKED_TASKS
    # Both tasks were due last year: one was recorded done, the other only in progress, so it is overdue.
    assert "已完成" in rows[str(TASK_DONE)].select_one(".task-status").get_text()
    assert "已逾期" in rows[str(TASK_OVERDUE_MET)].select_one(".task-status").get_text()
    assert "社区基金会筹建中" in rows[str(TASK_OVERDUE_MET)].get_text()
    assert "未启动" in rows[str(TASK_UNTOUCHED)].select_one(".task-status").get_text()


@pytest.mark.django_db
def test_recording_a_status_update_changes_the_public_status(client, plan):
    task = plan.tasks.get(number=TASK_UNTOUCHED)
    TaskStatusUpdate.objects.create(
        task=task, status=tracker.TaskStatus.DONE, date=datetime.date.today(), note="孵化场地已落实。"
    )
    page = BeautifulSoup(client.get(plan.url + "progress/").content, "html.parser")
    row = next(
        r
        for r in page.select("table.task-table tbody tr")
        if r.th.get_text(strip=True) == str(TASK_UNTOUCHED)
    )
    assert "已完成" in row.select_one(".task-status").get_text()
    assert "孵化场地已落实" in row.get_text()


@pytest.mark.django_db
def test_progress_page_query_count_does_not_grow_with_updates(client, django_assert_max_num_queries):
    plan = make_policy(tasks=20)  # enough tasks that a query per task would show
    for task in plan.tasks.all():
        TaskStatusUpdate.objects.create(
            task=task, status=tracker.TaskStatus.IN_PROGRESS, date=datetime.date(2024, 1, 1)
        )
    with django_assert_max_num_queries(30):
        assert client.get(plan.url + "progress/").status_code == 200


@pytest.mark.django_db
def test_status_updates_can_only_be_recorded_on_default_language_tasks(plan, translated_plan):
    form = forms.modelform_factory(TaskStatusUpdate, fields=["task", "status", "date"])()
    choices = form.fields["task"].queryset
    assert choices.filter(page=plan).count() == TRACKED_TASKS
    assert translated_plan.tasks.count() == TRACKED_TASKS
    assert not choices.filter(page=translated_plan).exists()


@pytest.mark.django_db
def test_search_finds_a_policy_by_a_word_of_its_task_list(client):
    import json

    plan = make_policy(tasks=[task_fields(1, measure=DONATION_STATIONS), task_fields(2)])
    make_policy()  # another policy, without the word
    assert "捐赠站" not in plan.title + plan.summary + str(plan.body.raw_data)

    data = json.loads(client.get("/search/", {"q": "捐赠站", "format": "json"}).content)
    policies = [r for r in data["results"] if r["type"] == "policy"]
    assert [r["title"] for r in policies] == [plan.title]


@pytest.mark.django_db
def test_home_page_shows_drafts_open_for_comment_and_latest_policies(client, plan):
    from tests.policies.factories import set_comment_period

    current = measures(document_number="民政部令第81号")
    set_comment_period(plan, -1, 5)
    box = BeautifulSoup(client.get("/").content, "html.parser").find(id="home-policies-title").parent
    assert plan.title in box.get_text() and "征求意见中" in box.get_text()
    assert current.title in box.get_text() and "民政部令第81号" in box.get_text()
    set_comment_period(plan, -10, -1)
    box = BeautifulSoup(client.get("/").content, "html.parser").find(id="home-policies-title").parent
    assert plan.title not in box.get_text()
