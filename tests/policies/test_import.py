"""`import_policy` turns the plan's text into a real policy page, idempotently."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from policies import tracker
from policies.models import PolicyDocumentPage, TaskStatusUpdate
from tests.policies.factories import PLAN_COMMENT_OPENS, plan_file, record_status
from tests.policies.test_plan_text import EXPECTED_TASKS


def run(*args):
    out = StringIO()
    call_command("import_policy", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_imported_plan_has_the_twenty_tasks_of_the_text(district_plan):
    plan = district_plan
    tasks = list(plan.tasks.order_by("number"))
    assert [(t.number, t.deadline, t.responsible_units) for t in tasks] == [
        (number, deadline, units) for number, (deadline, units) in sorted(EXPECTED_TASKS.items())
    ]
    assert plan.status == "draft"


@pytest.mark.django_db
def test_reimporting_the_same_text_changes_nothing(district_plan):
    plan = district_plan
    revisions = plan.revisions.count()
    assert run(str(plan_file())).startswith("unchanged")
    assert plan.revisions.count() == revisions
    assert PolicyDocumentPage.objects.filter(title=plan.title, locale=plan.locale).count() == 1


@pytest.mark.django_db
def test_changed_text_publishes_a_revision_and_keeps_task_history(district_plan, tmp_path):
    plan = district_plan
    record_status(plan, 7, tracker.TaskStatus.IN_PROGRESS, datetime.date(2022, 4, 1))
    record_status(
        plan, 7, tracker.TaskStatus.DONE, datetime.date(2022, 11, 30), "建成标准化慈善捐赠站（点）11个。"
    )
    history = TaskStatusUpdate.objects.filter(task__page=plan).count()
    assert history == 2
    changed = (
        plan_file()
        .read_text(encoding="utf-8")
        .replace("设立标准化慈善捐赠站（点）10个。", "设立标准化慈善捐赠站（点）12个。")
    )
    path = tmp_path / "plan.txt"
    path.write_text(changed, encoding="utf-8")
    assert run(str(path)).startswith("updated")
    plan.refresh_from_db()
    assert "12个" in plan.tasks.get(number=7).measure
    assert plan.comment_opens_on == PLAN_COMMENT_OPENS  # fields not given are left alone
    assert TaskStatusUpdate.objects.filter(task__page=plan).count() == history


@pytest.mark.django_db
def test_text_of_the_wrong_shape_is_refused_and_nothing_is_saved(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n没有章节\n", encoding="utf-8")
    before = PolicyDocumentPage.objects.count()
    with pytest.raises(CommandError, match="no sections"):
        run(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.txt"))
    assert PolicyDocumentPage.objects.count() == before


@pytest.mark.django_db
def test_plan_page_renders_with_a_table_of_contents_whose_links_resolve(client, district_plan):
    plan = district_plan
    page = BeautifulSoup(client.get(plan.url).content, "html.parser")
    toc = page.select("nav.toc a")
    assert len(toc) == 6 + 16 + 1  # sections, subsections, task list
    for link in toc:
        assert page.find(id=link["href"][1:]) is not None, link["href"]
    rows = page.select("table.task-table tbody tr")
    assert len(rows) == 20
    assert "区民政局、区慈善总会、各乡镇街道" in rows[5].get_text()
