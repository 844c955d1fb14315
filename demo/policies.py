"""Demo policies: the district's plan (imported from its text, open for comment), the disclosure rules
it relies on (in force, and the version they replaced), tracker data, evidence and two comments.

The evidence links tasks 15 and 19 to the inspection rounds and award editions of the other demos, so
``load_demo`` must run ``link_evidence`` after those (``load`` also tries, for a second run). Task 15's
status is then recorded; task 19 (未启动 while the award is live) and task 10 (已逾期 while its indicator
is met) are left contradicting on purpose: that is what the Tracker contradictions report shows staff.

Figures typed here are demo values, not official statistics.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from home.translation import translate_page
from policies import importing, tracker
from policies.models import (
    IndicatorValue,
    PolicyComment,
    PolicyDocumentPage,
    PolicyIndicator,
    PolicyRelation,
    TaskEvidence,
    TaskStatusUpdate,
)

PLAN_FILE = "wucheng-charity-plan-draft.txt"
BUNDLED = Path(__file__).resolve().parent / "data" / "policies" / PLAN_FILE
PLAN_SLUG = "charity-development-plan"
PLAN_SUMMARY = (
    "婺城区民政局起草的慈善事业高质量发展实施方案征求意见稿：六个方面十六项工作、二十项任务，"
    "到2025年形成组织化、多元化、专业化、智慧化、规范化的慈善事业发展格局。"
)
PLAN_EN = {
    "关于加快推进婺城区慈善事业高质量发展的实施方案": (
        "Implementation plan for accelerating the high-quality development of charity in Wucheng District"
    ),
    "婺城区民政局": "Wucheng District Civil Affairs Bureau",
    PLAN_SUMMARY: (
        "Draft for public comment by the Wucheng District Civil Affairs Bureau: sixteen lines of work in six "
        "areas and twenty tasks, aiming at an organised, diverse, professional, digital and well-regulated "
        "charity sector by 2025. The text is published in Chinese."
    ),
}
# The demo keeps the plan open for comment around "today" so the form can be tried.
COMMENT_OPENS = datetime.date(2026, 11, 16)
COMMENT_CLOSES = datetime.date(2027, 1, 15)

OTHER_POLICIES = [
    {
        "slug": "disclosure-measures-2026",
        "title": "慈善组织信息公开办法",
        "title_en": "Measures for Information Disclosure by Charitable Organisations",
        "document_number": "民政部令第81号",
        "document_number_en": "Order No. 81 of the Ministry of Civil Affairs",
        "issuing_body": "民政部",
        "issuing_body_en": "Ministry of Civil Affairs",
        "issued_on": datetime.date(2025, 11, 1),
        "effective_on": datetime.date(2026, 1, 1),
        "status": tracker.PolicyStatus.IN_FORCE,
        "summary": "规定慈善组织年度工作报告、财务会计报告、募捐和项目情况等信息的公开内容与时限（示例摘要）。",
        "summary_en": (
            "Sets what charitable organisations disclose — annual work and financial reports, fundraising and "
            "projects — and by when (demo summary)."
        ),
    },
    {
        "slug": "disclosure-measures-2018",
        "title": "慈善组织信息公开办法（2018年）",
        "title_en": "Measures for Information Disclosure by Charitable Organisations (2018)",
        "document_number": "民政部令第61号",
        "document_number_en": "Order No. 61 of the Ministry of Civil Affairs",
        "issuing_body": "民政部",
        "issuing_body_en": "Ministry of Civil Affairs",
        "issued_on": datetime.date(2018, 8, 6),
        "effective_on": datetime.date(2018, 9, 1),
        "status": tracker.PolicyStatus.REPEALED,
        "summary": "2018年施行的慈善组织信息公开办法，已被民政部令第81号取代（示例摘要）。",
        "summary_en": "The 2018 disclosure measures, replaced by Order No. 81 (demo summary).",
    },
]

# (name, English name, comparison, target, unit, English unit, task, source, {year: value})
INDICATORS = [
    (
        "经认定慈善组织数量",
        "Recognised charity organisations",
        tracker.Comparison.AT_LEAST,
        12,
        "家",
        "",
        3,
        tracker.IndicatorSource.RECOGNISED_CHARITIES,
        {},
    ),
    (
        "注册志愿者人数",
        "Registered volunteers",
        tracker.Comparison.AT_LEAST,
        160000,
        "人",
        "",
        11,
        tracker.IndicatorSource.MANUAL,
        {2021: 121000, 2022: 134500, 2023: 146200, 2024: 155800, 2025: 162300},
    ),
    (
        "每万人拥有持证社会工作者",
        "Certified social workers per 10,000 people",
        tracker.Comparison.AT_LEAST,
        20,
        "人",
        "",
        11,
        tracker.IndicatorSource.MANUAL,
        {2021: 12.4, 2022: 14.9, 2023: 16.8, 2024: 18.7, 2025: 19.6},
    ),
    (
        "标准化慈善捐赠站（点）",
        "Standard donation stations",
        tracker.Comparison.AT_LEAST,
        10,
        "个",
        "",
        7,
        tracker.IndicatorSource.MANUAL,
        {2021: 4, 2022: 11},
    ),
    (
        "社区基金会",
        "Community foundations",
        tracker.Comparison.AT_LEAST,
        1,
        "家",
        "",
        10,
        tracker.IndicatorSource.MANUAL,
        {2023: 0, 2024: 1},
    ),
    (
        "慈善组织党建工作覆盖率",
        "Party-building coverage of charity organisations",
        tracker.Comparison.AT_LEAST,
        100,
        "%",
        "%",
        1,
        tracker.IndicatorSource.MANUAL,
        {2021: 86, 2022: 92, 2023: 100},
    ),
    (
        "“慈善一日捐”机关和事业单位参与率",
        "Participation in the One-Day Donation by public bodies",
        tracker.Comparison.AT_LEAST,
        95,
        "%",
        "%",
        20,
        tracker.IndicatorSource.MANUAL,
        {2022: 93.5, 2023: 96.2, 2024: 97.1, 2025: 96.8},
    ),
]

# task number → [(date, status, note)]
STATUS_HISTORY = {
    1: [
        (datetime.date(2022, 3, 1), tracker.TaskStatus.IN_PROGRESS, "开展慈善组织党建摸排。"),
        (datetime.date(2023, 12, 20), tracker.TaskStatus.DONE, "全区慈善组织党的组织和工作实现全覆盖。"),
    ],
    3: [(datetime.date(2022, 1, 10), tracker.TaskStatus.IN_PROGRESS, "通过公益创投支持新设慈善组织。")],
    5: [
        (datetime.date(2022, 2, 1), tracker.TaskStatus.IN_PROGRESS, ""),
        (datetime.date(2022, 12, 15), tracker.TaskStatus.DONE, "三级慈善服务网络覆盖率达到100%。"),
    ],
    7: [
        (datetime.date(2022, 4, 1), tracker.TaskStatus.IN_PROGRESS, ""),
        (datetime.date(2022, 11, 30), tracker.TaskStatus.DONE, "建成标准化慈善捐赠站（点）11个。"),
    ],
    9: [(datetime.date(2022, 6, 1), tracker.TaskStatus.IN_PROGRESS, "“幸福婺城”慈善信托方案起草中。")],
    11: [(datetime.date(2023, 1, 1), tracker.TaskStatus.IN_PROGRESS, "")],
    20: [(datetime.date(2022, 9, 5), tracker.TaskStatus.IN_PROGRESS, "2022年参与率93.5%。")],
}

# task number → [(page type, slug of the Chinese page, what it shows, note)]
EVIDENCE = {
    15: [
        (
            "oversight.InspectionRoundPage",
            "2025-random-inspection",
            tracker.EvidenceKind.STARTED,
            "抽查2家慈善组织，结果已公示",
        ),
        (
            "oversight.InspectionRoundPage",
            "2026-random-inspection",
            tracker.EvidenceKind.STARTED,
            "抽查3家慈善组织，结果已公示",
        ),
    ],
    19: [
        ("awards.AwardEditionPage", "2023", tracker.EvidenceKind.STARTED, "首届评选已表彰获奖者"),
        ("awards.AwardEditionPage", "2026", tracker.EvidenceKind.STARTED, "第二届评选正在接受提名"),
    ],
}
# Recorded once the evidence is linked: staff acting on the report for task 15 (task 19 is left for the demo).
EVIDENCE_STATUS = {
    15: (
        datetime.date(2025, 10, 15),
        tracker.TaskStatus.IN_PROGRESS,
        "2025年度“双随机、一公开”抽查结果已公示，每年开展。",
    ),
}

COMMENTS = [
    {
        "reference": "YJ-20261118-DEMO01",
        "section": "任务清单第7项",
        "body": "建议公布标准化慈善捐赠站（点）的具体地址，方便群众就近捐赠。",
        "name": "",
        "contact": "",
        "moderation": PolicyComment.Moderation.PUBLISHED,
        "adoption": "adopted",
        "response": "已采纳：捐赠站点地址将在本网站公布。",
    },
    {
        "reference": "YJ-20261120-DEMO02",
        "section": "（七）完善志愿服务体系",
        "body": "希望增加对老年志愿者的保险保障。（示例意见，尚未审核）",
        "name": "示例居民",
        "contact": "13900000000",
        "moderation": PolicyComment.Moderation.PENDING,
        "adoption": "",
        "response": "",
    },
]


def _english(spec):
    """The zh → en string pairs of a demo policy spec (keys ending in _en)."""
    return {spec[key[:-3]]: value for key, value in spec.items() if key.endswith("_en")}


def plan_file():
    shared = Path(settings.BASE_DIR).parent / "shared" / "policy" / PLAN_FILE
    return shared if shared.exists() else BUNDLED


def load():
    try:
        section = importing.policy_section()
    except LookupError:
        return []
    created = []
    result = importing.import_plan(
        plan_file().read_text(encoding="utf-8"),
        new_slug=PLAN_SLUG,
        issuing_body="婺城区民政局",
        summary=PLAN_SUMMARY,
        comment_opens_on=COMMENT_OPENS,
        comment_closes_on=COMMENT_CLOSES,
    )
    plan = result.page
    if result.action == "created":
        created.append(plan.title)
    translate_page(plan, "en", PLAN_EN)

    others = {}
    for spec in OTHER_POLICIES:
        page = PolicyDocumentPage.objects.child_of(section).filter(slug=spec["slug"]).first()
        if page is None:
            fields = {k: v for k, v in spec.items() if not k.endswith("_en")}
            page = PolicyDocumentPage(**fields)
            section.add_child(instance=page)
            page.save_revision().publish()
            created.append(page.title)
            translate_page(page, "en", _english(spec))
        others[spec["slug"]] = page

    if not plan.related_policies.exists():
        plan.related_policies.add(PolicyRelation(related=others["disclosure-measures-2026"]))
        plan.save_revision().publish()
        translate_page(plan, "en", PLAN_EN)
    current = others["disclosure-measures-2026"]
    if not current.related_policies.exists():
        current.related_policies.add(PolicyRelation(related=others["disclosure-measures-2018"]))
        current.save_revision().publish()

    _tracker(plan)
    for spec in COMMENTS:
        PolicyComment.objects.get_or_create(reference=spec["reference"], defaults={"policy": plan, **spec})
    link_evidence(plan)
    return created


def _plan():
    return PolicyDocumentPage.objects.filter(
        slug=PLAN_SLUG, locale__language_code=settings.LANGUAGE_CODE
    ).first()


def link_evidence(plan=None):
    """Link the plan's tasks to the demo pages that evidence them, where those pages exist; idempotent.

    Returns the number of links added. Run after the awards and oversight demos (home/demo.py)."""
    from django.apps import apps

    plan = plan or _plan()
    if plan is None:
        return 0
    plan = PolicyDocumentPage.objects.get(pk=plan.pk)  # the stored page, with its stored child rows
    linked = set(plan.task_evidence.values_list("task_number", "evidence_id"))
    added = 0
    for number, specs in EVIDENCE.items():
        for model_label, slug, kind, note in specs:
            target = (
                apps.get_model(model_label)
                .objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE)
                .first()
            )
            if target is None or (number, target.pk) in linked:
                continue
            plan.task_evidence.add(TaskEvidence(task_number=number, evidence=target, kind=kind, note=note))
            added += 1
    if added:
        plan.save_revision().publish()
        translate_page(plan, "en", PLAN_EN)
    tasks = {task.number: task for task in plan.tasks.all()}
    for number, (date, status, note) in EVIDENCE_STATUS.items():
        if plan.task_evidence.filter(task_number=number).exists() and number in tasks:
            TaskStatusUpdate.objects.get_or_create(
                task=tasks[number], date=date, status=status, defaults={"note": note}
            )
    return added


def _tracker(plan):
    if not plan.indicators.exists():
        for order, (name, name_en, comparison, target, unit, unit_en, task, source, values) in enumerate(
            INDICATORS
        ):
            indicator = PolicyIndicator(
                policy=plan,
                name=name,
                name_en=name_en,
                comparison=comparison,
                target=Decimal(target),
                target_year=2025,
                unit=unit,
                unit_en=unit_en,
                task_number=task,
                source=source,
                sort_order=order,
            )
            indicator.values = [IndicatorValue(year=y, value=Decimal(str(v))) for y, v in values.items()]
            indicator.save()
    tasks = {task.number: task for task in plan.tasks.all()}
    if not TaskStatusUpdate.objects.filter(task__page=plan).exists():
        TaskStatusUpdate.objects.bulk_create(
            TaskStatusUpdate(task=tasks[number], date=date, status=status, note=note)
            for number, history in STATUS_HISTORY.items()
            for date, status, note in history
        )
