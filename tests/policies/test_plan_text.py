"""Parsing the district's plan from its text (policies/plan_text.py): no database."""

import pytest

from policies.plan_text import PlanFormatError, body_blocks, parse_plan
from tests.policies.factories import BUNDLED_PLAN, SHARED_PLAN

# Read off the annex of the plan by hand: (deadline, responsible units) of tasks 1–20.
EXPECTED_TASKS = {
    1: ("2025年", "区委组织部、区直属机关工委、区民政局、区慈善总会"),
    2: ("长期", "区民政局、区财政局"),
    3: ("2025年", "区民政局、区财政局、区慈善总会"),
    4: ("2025年", "区民政局、区慈善总会"),
    5: ("2022年", "区民政局、区慈善总会、各乡镇街道"),
    6: ("2025年", "区民政局、区慈善总会、各乡镇街道"),  # merged cell: the units of task 5
    7: ("2022年", "区慈善工作领导小组成员单位"),
    8: ("2025年", "区委统战部、区民政局、区发改委、区经商局、区工商联、区慈善总会、各乡镇街道"),
    9: ("2022年", "区民政局、区慈善总会"),
    10: ("2025年", "区民政局、区慈善总会"),  # merged cell: the units of task 9
    11: ("2025年", "区文明办、区民政局、团区委"),
    12: ("2022年", "区大数据局、区民政局、区慈善总会"),
    13: ("2022年", "区民政局"),
    14: ("2022年", "区民政局、区慈善总会"),
    15: ("长期", "区民政局、区财政局、区税务局、区审计局、婺城公安分局、区市场监管局、区综合执法局"),
    16: ("2025年", "区民政局、区司法局、区市场监管局、区税务局"),
    17: ("长期", "区委宣传部、区民政局、区慈善总会"),
    18: ("长期", "区慈善工作领导小组成员单位"),
    19: ("长期", "区委宣传部、区委组织部、区民政局、区财政局、区税务局、区慈善总会"),
    20: ("长期", "区直属各单位、各乡镇街道"),
}


@pytest.fixture(scope="module")
def plan():
    return parse_plan(BUNDLED_PLAN.read_text(encoding="utf-8"))


def test_bundled_copy_is_the_shared_plan():
    if not SHARED_PLAN.exists():
        pytest.skip("../shared is not next to this checkout")
    assert SHARED_PLAN.read_bytes() == BUNDLED_PLAN.read_bytes()


def test_title_and_draft_mark(plan):
    assert plan.title == "关于加快推进婺城区慈善事业高质量发展的实施方案"
    assert plan.is_draft


def test_sections_and_run_in_subsections(plan):
    assert [s.heading for s in plan.sections][:2] == ["一、总体要求", "二、坚持党建引领，培育多元主体"]
    assert len(plan.sections) == 6
    assert sum(len(s.subsections) for s in plan.sections) == 16
    number, title, text = plan.sections[3].subsections[0]
    assert (number, title) == ("（八）", "推进慈善数字赋能")
    assert text.startswith("深化慈善领域数字化改革")


def test_twenty_tasks_with_the_deadlines_and_units_of_the_text(plan):
    assert [t.number for t in plan.tasks] == list(range(1, 21))
    for task in plan.tasks:
        deadline, units = EXPECTED_TASKS[task.number]
        assert (task.deadline, "、".join(task.responsible_units)) == (deadline, units), task.number
        assert task.deadline_year == (None if deadline == "长期" else int(deadline[:4]))


def test_empty_units_cells_are_merged_cells_taking_the_units_above(plan):
    assert [t.number for t in plan.tasks if t.units_from_row_above] == [6, 10]


def test_areas_carry_down_and_word_artefacts_are_removed(plan):
    assert plan.tasks[1].area == "坚持党建引领，培育多元主体"
    assert plan.tasks[19].area == "完善体制机制，优化发展环境"
    assert plan.tasks[5].measure.startswith("推进乡镇（街道）慈善分会")
    assert not any("bookmark" in t.measure for t in plan.tasks)


def test_body_blocks_are_stable_so_reimport_is_a_no_op(plan):
    first, second = body_blocks(plan), body_blocks(parse_plan(BUNDLED_PLAN.read_text(encoding="utf-8")))
    assert first == second
    headings = [b["value"]["text"] for b in first if b["type"] == "heading"]
    assert "（十六）营造全民慈善氛围" in headings


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "line 1"),
        ("标题\n正文没有章节。\n", "no sections"),
        ("标题\n一、总则\n文字\n 附件\n清单\n\t甲\n\t1.任务\n\t明年\n\t区民政局\n", "deadline"),
        ("标题\n一、总则\n文字\n 附件\n清单\n\t甲\n\t任务没有编号\n\t2025年\n\t区民政局\n", "number"),
        ("标题\n一、总则\n文字\n 附件\n清单\n\t甲\n\t1.任务\n\t2025年\n", "4 cells"),
        ("标题\n一、总则\n文字\n 附件\n清单\n\t甲\n\t2.任务\n\t2025年\n\t区民政局\n", "numbered"),
    ],
)
def test_text_of_the_wrong_shape_is_refused_saying_where(text, message):
    with pytest.raises(PlanFormatError) as error:
        parse_plan(text)
    assert message in str(error.value)
