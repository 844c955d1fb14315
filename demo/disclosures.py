"""Demo organisations with five years of disclosures — some late, some missing — so that profiles,
charts, the directory and the compliance overview show something real. Also imports the shared
sample file. Idempotent: organisations that exist are left as they are."""

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import escape

from disclosures.accounts import create_organisation_account, ensure_organisation_group
from disclosures.compliance import add_months
from disclosures.importing import Importer, import_user
from disclosures.models import DisclosureIndexPage, DisclosurePage, OrganisationPage
from disclosures.record import DeclaredDateConfirmation
from disclosures.signals import summaries_suspended
from disclosures.standing import refresh_summary

SAMPLE_FILE = "disclosures-sample.jsonl"
CORRECTIONS_FILE = "corrections-demo.jsonl"
NATIONAL_PLATFORM = "慈善中国（全国慈善信息公开平台）"
NATIONAL_PLATFORM_URL = "https://cszg.mca.gov.cn/"
DEMO_BASIS = "演示数据：迁移自慈善中国的历史公开信息"
BUNDLED_SAMPLES = Path(__file__).resolve().parent / "data" / "disclosures" / "samples"

ORGANISATIONS = [
    {
        "credit_code": "51330702MJ1A2B3C4M",
        "title": "婺城区慈善总会",
        "name_en": "Wucheng Charity Federation",
        "kind": "social_group",
        "registered_on": datetime.date(2004, 6, 18),
        "recognised_on": datetime.date(2017, 3, 20),
        "public_fundraising": True,
        "public_fundraising_since": datetime.date(2017, 3, 20),
        "tax_deductible": True,
        "rating": "5A",
        "rating_year": 2023,
        "town": "城中街道",
        "address": "金华市婺城区八一南街（示例地址）",
        "legal_representative": "胡某某",
        "contact_phone": "0579-82000101",
        "contact_email": "zonghui@wucheng-charity.example",
        "purpose": "弘扬人道主义精神，发扬扶贫济困的传统美德，帮助困难群众和社会上不幸的个人，助力共同富裕。",
        "business_scope": "募集慈善款物；开展助学、助医、助老、助残、救灾等慈善救助；组织实施“慈善一日捐”；培育基层慈善组织。",
        "income": 6_200_000,
        "late": {},
        "missing": set(),
    },
    {
        "credit_code": "53330702MJ5D6E7F8T",
        "title": "金华市婺城区春晖助学基金会",
        "name_en": "Wucheng Chunhui Education Foundation, Jinhua",
        "kind": "foundation",
        "registered_on": datetime.date(2015, 8, 3),
        "recognised_on": datetime.date(2017, 5, 12),
        "public_fundraising": False,
        "tax_deductible": True,
        "rating": "4A",
        "rating_year": 2022,
        "town": "西关街道",
        "address": "金华市婺城区西关街道（示例地址）",
        "legal_representative": "吴某某",
        "contact_phone": "0579-82000202",
        "contact_email": "chunhui@wucheng-charity.example",
        "purpose": "资助婺城区家庭经济困难的学生完成学业，奖励品学兼优的乡村教师。",
        "business_scope": "助学金和奖教金发放；乡村学校图书角建设；志愿支教。",
        "income": 1_150_000,
        "late": {2022: datetime.date(2023, 6, 20)},
        "missing": set(),
    },
    {
        "credit_code": "52330702MJ9G0H1J24",
        "title": "婺城区乐龄社会工作服务中心",
        "name_en": "Wucheng Leling Social Work Service Centre",
        "kind": "social_service_org",
        "registered_on": datetime.date(2018, 4, 9),
        "recognised_on": datetime.date(2019, 10, 8),
        "public_fundraising": False,
        "tax_deductible": False,
        "rating": "",
        "town": "汤溪镇",
        "address": "金华市婺城区汤溪镇（示例地址）",
        "legal_representative": "徐某某",
        "contact_phone": "0579-82000303",
        "contact_email": "leling@wucheng-charity.example",
        "purpose": "为农村独居、空巢和失能老人提供专业社会工作服务。",
        "business_scope": "居家探访；助餐助浴；老年人心理关爱；志愿者培训。",
        "income": 480_000,
        "late": {2024: datetime.date(2025, 7, 15)},
        "missing": {2023},
    },
    {
        "credit_code": "51330702MJ3K4L5M6L",
        "title": "婺城区蓝天应急救援协会",
        "name_en": "Wucheng Blue Sky Emergency Rescue Association",
        "kind": "social_group",
        "registered_on": datetime.date(2016, 11, 2),
        "recognised_on": datetime.date(2020, 6, 1),
        "public_fundraising": False,
        "tax_deductible": False,
        "rating": "3A",
        "rating_year": 2024,
        "town": "白龙桥镇",
        "address": "金华市婺城区白龙桥镇（示例地址）",
        "legal_representative": "方某某",
        "contact_phone": "0579-82000404",
        "contact_email": "",
        "purpose": "开展山地、水域和城市应急救援，普及防灾减灾知识。",
        "business_scope": "应急救援；防灾减灾宣传；救援技能培训。",
        "income": 760_000,
        "late": {},
        "missing": {2025},
    },
]

YEARS = range(2021, 2026)


def _figures(rng, base, year):
    growth = Decimal(1 + 0.06 * (year - 2021)) * Decimal(rng.uniform(0.92, 1.08))
    income = (Decimal(base) * growth).quantize(Decimal("1"))
    donations = (income * Decimal(rng.uniform(0.70, 0.88))).quantize(Decimal("1"))
    grants = (income * Decimal(rng.uniform(0.03, 0.12))).quantize(Decimal("1"))
    spending = (income * Decimal(rng.uniform(0.78, 0.95))).quantize(Decimal("1"))
    charitable = (spending * Decimal(rng.uniform(0.86, 0.93))).quantize(Decimal("1"))
    management = (spending * Decimal(rng.uniform(0.04, 0.08))).quantize(Decimal("1"))
    fundraising = (spending * Decimal(rng.uniform(0.0, 0.02))).quantize(Decimal("1"))
    return {
        "total_income": income,
        "donation_income": donations,
        "government_grants": grants,
        "total_expenditure": spending,
        "charitable_expenditure": charitable,
        "management_expenses": management,
        "fundraising_costs": fundraising,
        "net_assets": (income * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal("1")),
    }


def _paragraphs(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _add(org, user, title, slug, published_on=None, **fields):
    """A published demo disclosure. Its past date stands for a first publication on the national
    platform, brought over and confirmed as an import would (docs/compliance.md)."""
    if published_on:
        fields.update(
            declared_on=published_on, declared_where=NATIONAL_PLATFORM, declared_url=NATIONAL_PLATFORM_URL
        )
    page = DisclosurePage(title=title, slug=slug, **fields)
    org.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    if published_on:
        DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=published_on,
            defaults={"declared_where": NATIONAL_PLATFORM, "basis": DEMO_BASIS},
        )
    return page


def record_examples(reviewer=None):
    """What the record's rules look like, for `make run`: a declared date awaiting the reviewer, one
    the reviewer confirmed, and a published disclosure corrected in place with its note. Idempotent."""
    org = OrganisationPage.objects.filter(credit_code=ORGANISATIONS[1]["credit_code"]).first()
    if org is None or DisclosurePage.objects.child_of(org).filter(slug="2026-scholarship-event").exists():
        return
    user = import_user()
    for slug, title, day, confirmed in (
        ("2026-scholarship-event", "2026年“春晖助学金”发放情况", datetime.date(2026, 9, 20), False),
        ("2026-teacher-award-event", "2026年乡村教师奖励金发放情况", datetime.date(2026, 9, 10), True),
    ):
        page = DisclosurePage(
            title=title,
            slug=slug,
            disclosure_type="major_event",
            year=2026,
            event_date=day - datetime.timedelta(days=12),
            declared_on=day,
            declared_where="本会微信公众号",
            body=_paragraphs(f"{title}：发放对象、标准和金额见附表。"),
        )
        org.add_child(instance=page)
        page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
        if confirmed:
            DeclaredDateConfirmation.objects.create(
                page=page, declared_on=day, declared_where=page.declared_where, confirmed_by=reviewer
            )
    corrected = DisclosurePage.objects.child_of(org).filter(slug="2025-annual-report").first()
    if corrected is not None:
        corrected.body += _paragraphs("2025年共资助家庭经济困难学生412人（此前公开时遗漏了秋季学期的36人）。")
        corrected.correction_note = "补充秋季学期受助学生人数：原文遗漏36人，合计应为412人。"
        corrected.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)


def _build(spec, index, user):
    rng = random.Random(spec["credit_code"])
    fields = {k: v for k, v in spec.items() if k not in {"income", "late", "missing"}}
    org = OrganisationPage(slug=spec["credit_code"].lower(), **fields)
    index.add_child(instance=org)
    org.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    ensure_organisation_group(org)
    for year in YEARS:
        if year in spec["missing"]:
            continue
        published = spec["late"].get(year) or datetime.date(year + 1, rng.randint(3, 5), rng.randint(1, 28))
        figures = _figures(rng, spec["income"], year)
        _add(
            org,
            user,
            f"{spec['title']}{year}年度工作报告",
            f"{year}-annual-report",
            disclosure_type="annual_report",
            year=year,
            published_on=published,
            body=_paragraphs(
                f"{year}年，本单位围绕章程规定的宗旨开展慈善活动，全年收入{figures['total_income']:,}元，"
                f"慈善活动支出{figures['charitable_expenditure']:,}元。",
                "理事会按章程召开会议，修订了信息公开、项目管理和财务管理制度；全年未发生重大资产变动。",
            ),
            **figures,
        )
        if spec["public_fundraising"]:
            _add(
                org,
                user,
                f"{spec['title']}{year}年度财务审计报告",
                f"{year}-audit-report",
                disclosure_type="audit_report",
                year=year,
                published_on=published,
                body=_paragraphs(f"本单位{year}年度财务报表已经会计师事务所审计，审计意见为无保留意见。"),
            )
        else:
            _add(
                org,
                user,
                f"{year}年度重点慈善项目情况",
                f"{year}-projects",
                disclosure_type="project",
                year=year,
                published_on=datetime.date(year, rng.randint(1, 3), rng.randint(1, 28)),
                body=_paragraphs(f"{year}年度实施的重点慈善项目、资金来源和受益人数情况。"),
            )
    return org


def _fundraising(org, user):
    """A year-long public fundraising with quarterly progress and a late result."""
    plan = _add(
        org,
        user,
        "“慈善一日捐”2025年公开募捐方案",
        "2025-fundraising-plan",
        disclosure_type="fundraising_plan",
        year=2025,
        published_on=datetime.date(2025, 2, 20),
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 12, 31),
        body=_paragraphs(
            "募捐目的：用于全区困难群众救助、助学和助医项目。募捐期限：2025年3月1日至2025年12月31日。",
            "募捐方式：机关企事业单位集中捐赠、线下募捐箱和互联网募捐平台相结合。",
        ),
    )
    for slug, title, day in (
        ("2025-q2-progress", "“慈善一日捐”2025年第二季度募捐进展", datetime.date(2025, 5, 28)),
        ("2025-q3-progress", "“慈善一日捐”2025年第三季度募捐进展", datetime.date(2025, 8, 30)),
        ("2025-q4-progress", "“慈善一日捐”2025年第四季度募捐进展", datetime.date(2025, 12, 5)),
    ):
        _add(
            org,
            user,
            title,
            slug,
            disclosure_type="fundraising_progress",
            year=2025,
            published_on=day,
            related_disclosure=plan,
            body=_paragraphs("本季度募捐款物的收入、使用情况和受益人情况见正文。"),
        )
    _add(
        org,
        user,
        "“慈善一日捐”2025年募捐结果",
        "2025-fundraising-result",
        disclosure_type="fundraising_result",
        year=2025,
        published_on=datetime.date(2026, 4, 10),
        related_disclosure=plan,
        body=_paragraphs("2025年“慈善一日捐”共募集善款386.2万元，已全部按方案使用，剩余财产为零。"),
    )


def _current_fundraising(org, user):
    """A fundraising running now, started ten weeks ago: its first quarterly progress report falls due
    in about three weeks, so the organisation's dashboard has something due (docs/dashboards.md)."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=70)
    return _add(
        org,
        user,
        f"“温暖过冬”{start.year}年冬季助困公开募捐方案",
        "current-winter-fundraising-plan",
        disclosure_type="fundraising_plan",
        year=start.year,
        published_on=start - datetime.timedelta(days=10),
        period_start=start,
        period_end=add_months(start, 9),
        body=_paragraphs(
            "募捐目的：为全区困难家庭、独居老人购置过冬物资，资助冬季取暖和助医。",
            "募捐方式：线下募捐箱、机关企事业单位集中捐赠和互联网募捐平台相结合；每季度公开募捐进展。",
        ),
    )


def _correction(org, user):
    corrected = DisclosurePage.objects.child_of(org).filter(slug="2024-annual-report").first()
    if corrected is None:
        return
    _add(
        org,
        user,
        "关于2024年度工作报告的更正说明",
        "2024-annual-report-correction",
        disclosure_type="correction",
        year=2024,
        published_on=datetime.date(2025, 6, 3),
        related_disclosure=corrected,
        body=_paragraphs("原报告中“受助学生人数”误写为1,320人，应为1,230人，特此更正。"),
    )


def sample_file():
    shared = Path(settings.BASE_DIR).parent / "shared" / "samples" / SAMPLE_FILE
    return shared if shared.exists() else BUNDLED_SAMPLES / SAMPLE_FILE


def load(create_users=True, password=None):
    index = DisclosureIndexPage.objects.filter(locale__language_code="zh-hans").order_by("path").first()
    if index is None:
        return []
    user = import_user()
    created = []
    with summaries_suspended():
        for spec in ORGANISATIONS:
            if OrganisationPage.objects.filter(credit_code=spec["credit_code"]).exists():
                continue
            org = _build(spec, index, user)
            if spec["public_fundraising"]:
                _fundraising(org, user)
                _current_fundraising(org, user)
            if spec["kind"] == "foundation":
                _correction(org, user)
            created.append(org.title)
    Importer().run(sample_file())
    # One correction linked by its `corrects`, one without (listed in Reports → Unlinked corrections).
    Importer().run(BUNDLED_SAMPLES / CORRECTIONS_FILE)
    record_examples(get_user_model().objects.filter(username="reviewer").first())
    for org in OrganisationPage.objects.all():
        refresh_summary(org)
    if create_users:
        first = OrganisationPage.objects.get(credit_code=ORGANISATIONS[0]["credit_code"])
        user, new_password = create_organisation_account(first, "org", "org@wucheng-charity.example")
        if new_password and password:
            user.set_password(password)
            user.save(update_fields=["password"])
    return created
