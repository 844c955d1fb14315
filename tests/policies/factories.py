"""Policy factories: the district plan imported from its text, small policies with tasks, tracker records,
evidence links and inspection rounds to link, comments.

Built with the product's own functions (policies.importing, home.translation) on the skeleton that
``setup_site`` made; dates that decide a status or a window are relative to today, so no test depends on
the calendar.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from home.translation import translate_page
from policies import importing, tracker
from policies.models import (
    IndicatorValue,
    PolicyComment,
    PolicyDocumentPage,
    PolicyIndexPage,
    PolicyIndicator,
    PolicyRelation,
    PolicyTask,
    TaskEvidence,
    TaskStatusUpdate,
)
from tests.factories import section, serial

# --- the district plan, imported from its text ----------------------------------------------------------

PLAN_FILE = "wucheng-charity-plan-draft.txt"
BUNDLED_PLAN = Path(settings.BASE_DIR) / "demo" / "data" / "policies" / PLAN_FILE
SHARED_PLAN = Path(settings.BASE_DIR).parent / "shared" / "policy" / PLAN_FILE
PLAN_SLUG = "charity-development-plan"
# The comment period the district plan is imported with (fixed dates: tests that need it open or closed
# today move it with ``set_comment_period``).
PLAN_COMMENT_OPENS = datetime.date(2026, 11, 16)
PLAN_COMMENT_CLOSES = datetime.date(2027, 1, 15)


def plan_file():
    """The plan's text file: ../shared/policy when it is beside the checkout, else the bundled copy."""
    return SHARED_PLAN if SHARED_PLAN.exists() else BUNDLED_PLAN


def import_district_plan(**fields):
    """The district's charity plan (20 tasks, 6 sections, 16 subsections) as ``import_policy`` creates it,
    published under 政策文件 (Chinese tree); ``fields`` override the page fields the import sets.

    Slow-ish (the whole text): use it only where a test needs the plan's real structure."""
    values = {
        "issuing_body": "婺城区民政局",
        "comment_opens_on": PLAN_COMMENT_OPENS,
        "comment_closes_on": PLAN_COMMENT_CLOSES,
    }
    result = importing.import_plan(
        plan_file().read_text(encoding="utf-8"), new_slug=PLAN_SLUG, **(values | fields)
    )
    assert result.action == "created", result.action
    return PolicyDocumentPage.objects.get(pk=result.page.pk)


# --- small policies ------------------------------------------------------------------------------------


def task_fields(number, deadline_year=2025, **fields):
    """The fields of one PolicyTask; ``deadline_year`` None for an ongoing (长期) task."""
    values = {
        "number": number,
        "sort_order": number,
        "area": "测试工作领域",
        "measure": f"第{number}项测试任务：完善测试工作机制。",
        "deadline": f"{deadline_year}年" if deadline_year else "长期",
        "deadline_year": deadline_year,
        "responsible_units": "区民政局、区慈善总会",
    }
    return values | fields


def make_policy(title=None, *, tasks=3, sections=2, english=None, publish=True, **fields):
    """A policy document under 政策文件 (Chinese tree): a draft issued by 婺城区民政局 unless ``fields``
    say otherwise (a policy in force gets a date of issue), with ``sections`` headed sections of text and
    ``tasks`` tasks (a count, or a list of ``task_fields`` dicts). Published unless ``publish`` is False.

    ``english``: {Chinese text: English text} to translate the page with (wagtail-localize, as staff
    would); the title must be among them for an English title."""
    n = serial()
    values = {
        "title": title or f"测试政策文件{n}",
        "slug": f"policy-{n}",
        "issuing_body": "婺城区民政局",
        "status": tracker.PolicyStatus.DRAFT,
        "summary": "测试政策文件的摘要。",
        "body": [
            block
            for s in range(1, sections + 1)
            for block in (
                ("heading", {"text": f"第{s}部分 测试章节", "level": "h2"}),
                ("paragraph", f"<p>第{s}部分的正文。</p>"),
            )
        ],
    }
    values.update(fields)
    if values["status"] != tracker.PolicyStatus.DRAFT:
        values.setdefault("issued_on", datetime.date(2025, 11, 1))
    page = PolicyDocumentPage(live=False, **values)
    rows = [task_fields(number) for number in range(1, tasks + 1)] if isinstance(tasks, int) else tasks
    for row in rows:
        page.tasks.add(PolicyTask(**row))
    section(PolicyIndexPage).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    if english:
        translate_page(page, "en", english)
    return page


def make_policy_in_force(title=None, **fields):
    """A published policy in force (issued 2025-11-01 unless given), e.g. a ministry's measures."""
    return make_policy(title, status=tracker.PolicyStatus.IN_FORCE, tasks=0, **fields)


def relate(page, *others):
    """Publish ``page`` again with ``others`` as its related policies."""
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    for other in others:
        page.related_policies.add(PolicyRelation(related=other))
    page.save_revision().publish(skip_permission_checks=True)
    return PolicyDocumentPage.objects.get(pk=page.pk)


def set_comment_period(page, opens_offset, closes_offset):
    """Open/close the comment period relative to today, so tests do not depend on the calendar."""
    today = timezone.localdate()
    page.comment_opens_on = today + datetime.timedelta(days=opens_offset)
    page.comment_closes_on = today + datetime.timedelta(days=closes_offset)
    page.save_revision().publish()
    return page


def make_comment(policy, body="建议增加社区慈善基金。", **fields):
    """A public comment on ``policy`` as the form keeps it (pending moderation unless given)."""
    values = {"reference": f"YJ-TEST-{serial():06d}", "name": "", "contact": ""}
    return PolicyComment.objects.create(policy=policy, body=body, **(values | fields))


# --- the tracker ---------------------------------------------------------------------------------------


def record_status(page, number, status, date, note=""):
    """A status update of task ``number`` of ``page``, as staff record it."""
    task = page.tasks.get(number=number)
    return TaskStatusUpdate.objects.create(task=task, status=status, date=date, note=note)


def add_indicator(page, name, target, values=None, *, task_number=None, **fields):
    """An indicator of ``page`` with ``values`` {year: value} typed in by staff (``source`` manual unless
    given); ``target`` is at least, for the year before this one, unless ``fields`` say otherwise."""
    defaults = {
        "comparison": tracker.Comparison.AT_LEAST,
        "target_year": timezone.localdate().year - 1,
        "source": tracker.IndicatorSource.MANUAL,
        "sort_order": page.indicators.count(),
    }
    indicator = PolicyIndicator(
        policy=page, name=name, target=Decimal(target), task_number=task_number, **(defaults | fields)
    )
    indicator.values = [IndicatorValue(year=y, value=Decimal(str(v))) for y, v in (values or {}).items()]
    indicator.save()
    return indicator


def add_evidence(page, number, target, kind=tracker.EvidenceKind.STARTED, note=""):
    """Link ``target`` to task ``number`` of ``page`` as its evidence and publish the page again, as a
    reviewer does in the page editor; returns the page as stored."""
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    page.task_evidence.add(TaskEvidence(task_number=number, evidence=target, kind=kind, note=note))
    page.save_revision().publish(skip_permission_checks=True)
    return PolicyDocumentPage.objects.get(pk=page.pk)


# The tasks of ``make_tracked_plan`` by what the tracker makes of them ("last year" is the year before
# today's, so overdue tasks stay overdue whatever the date).
TASK_DONE = 1  # deadline last year, recorded done: consistent
TASK_UNDER_WAY = 2  # ongoing (长期), recorded in progress
TASK_IDLE = 3  # ongoing, nothing recorded: 未启动
TASK_OVERDUE_MET = 4  # deadline last year, in progress, so 已逾期, while its only indicator is met
TASK_OVERDUE_MIXED = 5  # deadline last year, in progress (已逾期); one of its two indicators met
TASK_ONGOING_MET = 6  # ongoing, in progress, its indicator met (what keeping a target looks like)
TASK_UNTOUCHED = 7  # ongoing, nothing recorded, nothing linked
TRACKED_TASKS = 7

TRACKED_PLAN_TITLE = "关于推进测试区慈善事业发展的实施方案"
TRACKED_PLAN_EN = {
    TRACKED_PLAN_TITLE: "Implementation plan for developing charity in the test district",
    "测试政策文件的摘要。": "Summary of the test policy.",
}
DONATION_STATIONS = "设立标准化慈善捐赠站（点）10个。"


def make_tracked_plan(english=False, **fields):
    """A published draft plan with seven tasks and the tracker records that give each the status and
    indicators described at ``TASK_DONE`` … ``TASK_UNTOUCHED`` (no evidence linked: see
    ``add_evidence``), translated into English (``TRACKED_PLAN_EN``) when ``english`` is True."""
    last_year = timezone.localdate().year - 1
    tasks = [
        task_fields(TASK_DONE, last_year, measure=f"构建城乡基层慈善综合服务平台，{DONATION_STATIONS}"),
        task_fields(TASK_UNDER_WAY, None, measure="开展慈善组织“双随机、一公开”抽查。"),
        task_fields(TASK_IDLE, None, measure="建立区级慈善表彰制度，定期开展慈善奖评选表彰活动。"),
        task_fields(TASK_OVERDUE_MET, last_year, measure="培育发展社区基金会。"),
        task_fields(TASK_OVERDUE_MIXED, last_year, measure="壮大志愿者和社会工作者队伍。"),
        task_fields(TASK_ONGOING_MET, None, measure="持续保持“慈善一日捐”参与率95%以上。"),
        task_fields(TASK_UNTOUCHED, None, measure="营造全民慈善氛围。"),
    ]
    page = make_policy(
        TRACKED_PLAN_TITLE, tasks=tasks, english=TRACKED_PLAN_EN if english else None, **fields
    )
    spring, winter = datetime.date(last_year, 3, 1), datetime.date(last_year, 11, 30)
    record_status(page, TASK_DONE, tracker.TaskStatus.IN_PROGRESS, spring)
    record_status(page, TASK_DONE, tracker.TaskStatus.DONE, winter, "建成标准化慈善捐赠站（点）11个。")
    record_status(page, TASK_UNDER_WAY, tracker.TaskStatus.IN_PROGRESS, spring, "每年开展抽查。")
    record_status(page, TASK_OVERDUE_MET, tracker.TaskStatus.IN_PROGRESS, spring, "社区基金会筹建中。")
    record_status(page, TASK_OVERDUE_MIXED, tracker.TaskStatus.IN_PROGRESS, spring)
    record_status(page, TASK_ONGOING_MET, tracker.TaskStatus.IN_PROGRESS, spring, "参与率96.2%。")
    add_indicator(page, "社区基金会", 1, {last_year: 1}, task_number=TASK_OVERDUE_MET, unit="家")
    add_indicator(
        page,
        "注册志愿者人数",
        160000,
        {last_year: 162300},
        task_number=TASK_OVERDUE_MIXED,
        name_en="Registered volunteers",
        unit="人",
    )
    add_indicator(
        page,
        "每万人拥有持证社会工作者",
        20,
        {last_year: Decimal("19.6")},
        task_number=TASK_OVERDUE_MIXED,
        name_en="Certified social workers per 10,000 people",
        unit="人",
    )
    add_indicator(page, "“慈善一日捐”参与率", 95, {last_year: 96.2}, task_number=TASK_ONGOING_MET, unit="%")
    return page


# --- evidence pages ------------------------------------------------------------------------------------


def draft_copy(page, title):
    """A never-published copy of ``page`` beside it, titled ``title``."""
    return page.copy(update_attrs={"slug": f"draft-{page.slug}", "title": title}, keep_live=False)
