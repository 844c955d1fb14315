"""Demo content for public oversight: the 公众监督 page in both languages, two inspection rounds with
results for demo organisations, one serious-violation list entry, and a few reports in different
states (obviously fake personal data). Idempotent: what exists is left as it is.

Demo reports all share the token ``DEMO_TOKEN`` so the status page can be tried with `make run`.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from disclosures.models import OrganisationPage
from home.translation import translate_page
from oversight import handling
from oversight.models import (
    InspectionResult,
    InspectionRoundPage,
    OversightIndexPage,
    Report,
    ReportNote,
    SeriousViolationEntry,
)
from wucheng_site.public_forms import hash_secret, unique_reference

DEMO_TOKEN = "wucheng-demo-token"

CHARITY_FEDERATION = "51330702MJ1A2B3C4M"  # 婺城区慈善总会
CHUNHUI = "53330702MJ5D6E7F8T"  # 春晖助学基金会
LELING = "52330702MJ9G0H1J24"  # 乐龄社会工作服务中心
LANTIAN = "51330702MJ3K4L5M6L"  # 蓝天应急救援协会 (a 2023 award winner in the awards demo)
# 西关街道邻里互助会, from the shared sample import: the least central demo organisation, so it carries
# the penalty and the serious-violation entry.
XIGUAN = "51330702MJ0LCCBX76"

INDEX = {
    "title": ("公众监督", "Public oversight"),
    "intro": (
        "畅通公众监督举报渠道：对慈善组织的违法违规行为进行投诉举报，查看“双随机、一公开”抽查结果和严重违法失信名单。",
        "Public oversight: report misconduct by a charity organisation, and see the results of random "
        "inspections and the serious-violation list.",
    ),
    "description": (
        "投诉举报慈善组织、抽查结果公示和严重违法失信名单。",
        "Reports of concern, inspection results and the serious-violation list.",
    ),
}

ROUNDS = [
    {
        "slug": "2025-random-inspection",
        "title": (
            "2025年度慈善组织“双随机、一公开”抽查结果公示",
            "Results of the 2025 random inspection of charity organisations",
        ),
        "inspected_on": datetime.date(2025, 10, 15),
        "scope": (
            "2024年度工作报告、财务会计报告和信息公开情况。",
            "2024 annual work reports, financial statements and disclosure.",
        ),
        "results": [
            {
                "credit_code": CHUNHUI,
                "result": "compliant",
                "findings": ("未发现问题。", "No problems found."),
            },
            {
                "credit_code": LELING,
                "result": "rectification",
                "findings": (
                    "2023年度工作报告未按期公开。",
                    "The 2023 annual work report was not disclosed on time.",
                ),
                "rectification_deadline": datetime.date(2025, 12, 31),
                "outcome": ("已补充公开，整改完成。", "Disclosed since; rectification completed."),
            },
        ],
    },
    {
        "slug": "2026-random-inspection",
        "title": (
            "2026年度慈善组织“双随机、一公开”抽查结果公示",
            "Results of the 2026 random inspection of charity organisations",
        ),
        "inspected_on": datetime.date(2026, 6, 20),
        "scope": (
            "2025年度公开募捐和慈善项目资金使用情况。",
            "2025 public fundraising and the use of project funds.",
        ),
        "results": [
            {
                "credit_code": CHARITY_FEDERATION,
                "result": "compliant",
                "findings": ("未发现问题。", "No problems found."),
            },
            {
                "credit_code": LANTIAN,
                "result": "compliant",
                "findings": ("未发现问题。", "No problems found."),
            },
            {
                "credit_code": XIGUAN,
                "result": "penalty",
                "findings": (
                    "不具备公开募捐资格，以本组织名义开展公开募捐。",
                    "Raised funds from the public in its own name without public-fundraising qualification.",
                ),
                "penalty": (
                    "警告，责令退还违法募集的财产（婺民罚〔2026〕1号，示例）",
                    "Warning and order to return the funds raised (Wu Min Fa [2026] No. 1, demo)",
                ),
                "penalty_decided_on": datetime.date(2026, 7, 10),
                "outcome": ("已退还捐款。", "The donations have been returned."),
            },
        ],
    },
]

METHOD = ("双随机、一公开", "Random selection of organisations and inspectors, results published")

VIOLATION = {
    "credit_code": XIGUAN,
    "listed_on": datetime.date(2026, 7, 20),
    "reason": "不具备公开募捐资格开展公开募捐，受到行政处罚（示例数据）。",
    "authority": "婺城区民政局",
    "document_number": "婺民〔2026〕示例1号",
}

# (days ago received, status, organisation credit code or typed name, description, name, contact, reply)
REPORTS = [
    (
        3,
        handling.ReportStatus.RECEIVED,
        CHUNHUI,
        "示例举报：助学金发放名单与公示不一致（演示数据，非真实举报）。",
        "",
        "",
        "",
    ),
    (
        40,
        handling.ReportStatus.RECEIVED,
        LELING,
        "示例举报：助餐服务收费未公示（演示数据，非真实举报）。",
        "测试举报人甲（示例）",
        "demo-a@example.invalid",
        "",
    ),
    (
        30,
        handling.ReportStatus.INVESTIGATING,
        XIGUAN,
        "示例举报：街头以互助会名义募捐（演示数据，非真实举报）。",
        "测试举报人乙（示例）",
        "000-0000-0000",
        "已受理，正在调查。",
    ),
    (
        120,
        handling.ReportStatus.CONCLUDED,
        XIGUAN,
        "示例举报：募捐箱无备案信息（演示数据，非真实举报）。",
        "",
        "",
        "经调查情况属实，已依法处理。",
    ),
    (
        90,
        handling.ReportStatus.NOT_ACCEPTED,
        "某某互助会（示例）",
        "示例举报：不属于慈善组织的事项（演示数据，非真实举报）。",
        "",
        "",
        "",
    ),
]


def _org(code):
    return OrganisationPage.objects.filter(credit_code=code, locale__language_code="zh-hans").first()


def _index(home, user=None):
    page = OversightIndexPage.objects.child_of(home).first()
    if page is None:
        page = OversightIndexPage(
            slug="oversight",
            title=INDEX["title"][0],
            intro=f"<p>{INDEX['intro'][0]}</p>",
            search_description=INDEX["description"][0],
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
    return page


def _translate(page, strings):
    english = Locale.objects.get(language_code="en")
    if page.get_translation_or_none(english) is None:
        translate_page(page, "en", strings)


def _round(index, spec, user=None):
    page = InspectionRoundPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    strings = {spec["title"][0]: spec["title"][1], spec["scope"][0]: spec["scope"][1], METHOD[0]: METHOD[1]}
    if page is None:
        page = InspectionRoundPage(
            slug=spec["slug"],
            title=spec["title"][0],
            inspected_on=spec["inspected_on"],
            scope=spec["scope"][0],
        )
        for row in spec["results"]:
            organisation = _org(row["credit_code"])
            if organisation is None:
                continue
            page.results.add(
                InspectionResult(
                    organisation=organisation,
                    result=row["result"],
                    findings=row["findings"][0],
                    rectification_deadline=row.get("rectification_deadline"),
                    penalty=row.get("penalty", ("", ""))[0],
                    penalty_decided_on=row.get("penalty_decided_on"),
                    outcome=row.get("outcome", ("", ""))[0],
                )
            )
        index.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
    for row in spec["results"]:
        for key in ("findings", "penalty", "outcome"):
            if key in row:
                strings[row[key][0]] = row[key][1]
    _translate(page, strings)
    return page


def _reports():
    if Report.objects.exists():
        return 0
    now = timezone.now()
    for days, status, organisation, description, name, contact, reply in REPORTS:
        org = _org(organisation)
        received_at = now - datetime.timedelta(days=days)
        received_on = timezone.localdate(received_at)
        decided_on = closed_on = None
        if status != handling.ReportStatus.RECEIVED:
            decided_on = received_on + datetime.timedelta(days=7)
        if status in handling.CLOSED_STATUSES:
            closed_on = (
                decided_on
                if status == handling.ReportStatus.NOT_ACCEPTED
                else received_on + datetime.timedelta(days=45)
            )
        report = Report.objects.create(
            reference=unique_reference("JB", Report),
            secret_hash=hash_secret(DEMO_TOKEN),
            organisation=org,
            organisation_name="" if org else organisation,
            description=description,
            reporter_name=name,
            reporter_contact=contact,
            received_at=received_at,
            status=status,
            status_reason="所反映事项不属于慈善组织监督范围，已告知向相关部门反映（示例）。"
            if status == handling.ReportStatus.NOT_ACCEPTED
            else "",
            public_reply=reply,
            decided_on=decided_on,
            closed_on=closed_on,
        )
        if status == handling.ReportStatus.INVESTIGATING:
            ReportNote.objects.create(report=report, text="已电话联系互助会负责人，约定现场核查（示例）。")
    return len(REPORTS)


def load(home, user=None):
    """Build the demo oversight content under the Chinese ``home`` page; returns titles created."""
    created = []
    existed = OversightIndexPage.objects.child_of(home).exists()
    index = _index(home, user)
    if not existed:
        created.append(index.title)
    _translate(index, {pair[0]: pair[1] for pair in INDEX.values()})
    for spec in ROUNDS:
        _round(index, spec, user)
    organisation = _org(VIOLATION["credit_code"])
    if organisation is not None:
        SeriousViolationEntry.objects.get_or_create(
            organisation=organisation,
            listed_on=VIOLATION["listed_on"],
            defaults={k: VIOLATION[k] for k in ("reason", "authority", "document_number")},
        )
    _reports()
    return created
