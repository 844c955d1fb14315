"""The browser world: a small, representative site that the browser tests visit.

The session's database holds only the skeleton that ``setup_site`` builds, and the browser tests share
one live server that sees committed data only (tests/browser/conftest.py), so their content cannot come
from a rolled-back test transaction. ``build_world`` creates it once, committed, with the shared
factories (tests/factories.py, tests/<app>/factories.py), which use the product's own functions (the
policy importer, the award committee's decisions, wagtail-localize translations), shaped like the
demo content but a fraction of it: one of each kind of page a visitor meets, filled in the way that
stresses the layout (a profile with five years of figures for its chart, a disclosure with an attachment
and a related disclosure, a story with a gallery, an English story with a quote and a picture, a campaign
with figures, an edition open for nominations and an announced one with winners and a shortlist notice,
a plan open for comment with tasks and tracker data, an inspection round in both languages with a penalty
for an organisation on the serious-violation list).

``remove_world`` deletes every row created since ``snapshot`` was taken, so the tests after the browser
tests (those that flush the database) start from the skeleton again.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from wagtail.models import Page


@dataclass
class World:
    """What the browser tests visit; pages are the Chinese originals unless named ``english_…``."""

    federation: Page  # profile with five years of annual reports (figures for the chart)
    foundation: Page  # a second profile, with a late report (rectified after the inspection)
    mutual_aid: Page  # fined in the inspection round and on the serious-violation list
    fundraising_plan: Page
    progress_report: Page  # a disclosure with an attachment and a related disclosure
    gallery_story: Page
    quote_story: Page
    english_quote_story: Page
    campaign: Page
    open_edition: Page  # nominations open today
    announced_edition: Page  # winners announced
    winner: Page
    notice: Page
    english_awards: Page  # the English award section (its "all winners" route)
    plan: Page  # policy open for comment, with tasks, tracker data and a published comment
    inspection_round: Page
    english_inspection_round: Page


# --- organisations and disclosures ---------------------------------------------------------------


def _organisations():
    from tests.disclosures.factories import add_annual_reports
    from tests.factories import make_organisation

    federation = make_organisation(
        "婺城区示例慈善总会",
        name_en="Wucheng Example Charity Federation",  # the English profile (test_english_profile)
        kind="social_group",
        registered_on=datetime.date(2004, 6, 18),
        recognised_on=datetime.date(2017, 3, 20),
        public_fundraising=True,
        public_fundraising_since=datetime.date(2017, 3, 20),
        tax_deductible=True,
        rating="5A",
        rating_year=2023,
        town="城中街道",
        address="金华市婺城区八一南街（示例地址）",
        legal_representative="胡某某",
        contact_phone="0579-82000101",
        contact_email="zonghui@wucheng-charity.example",
        purpose="弘扬人道主义精神，帮助困难群众和社会上不幸的个人，助力共同富裕。",
        business_scope="募集慈善款物；开展助学、助医、助老、助残、救灾等慈善救助；组织实施“慈善一日捐”。",
    )
    add_annual_reports(federation, income=6_200_000)  # five years: the profile's chart
    foundation = make_organisation(
        "金华市婺城区示例助学基金会",
        kind="foundation",
        recognised_on=datetime.date(2017, 5, 12),
        rating="4A",
        rating_year=2022,
        town="西关街道",
        purpose="资助婺城区家庭经济困难的学生完成学业，奖励品学兼优的乡村教师。",
    )
    add_annual_reports(
        foundation, range(2023, 2026), late={2024: datetime.date(2025, 7, 15)}, income=1_150_000
    )
    mutual_aid = make_organisation("西关街道示例邻里互助会", town="西关街道", purpose="邻里互助，扶老助困。")
    add_annual_reports(mutual_aid, [2025], income=210_000)
    return federation, foundation, mutual_aid


def _fundraising(org):
    """A public fundraising plan and a progress report on it with a PDF attachment."""
    from tests.disclosures.factories import PROGRESS_PDF, add_disclosure, add_document

    plan = add_disclosure(
        org,
        "“慈善一日捐”2025年公开募捐方案",
        disclosure_type="fundraising_plan",
        year=2025,
        published_on=datetime.date(2025, 2, 20),
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 12, 31),
        body="<p>募捐目的：用于全区困难群众救助、助学和助医项目。</p><p>募捐方式：集中捐赠、募捐箱和互联网募捐平台。</p>",
    )
    progress = add_disclosure(
        org,
        "“慈善一日捐”2025年第二季度募捐进展",
        disclosure_type="fundraising_progress",
        year=2025,
        published_on=datetime.date(2025, 6, 28),
        related_disclosure=plan,
        body="<p>本季度募捐款物的收入、使用情况和受益人情况见附件。</p>",
        attachments=[(add_document(org, PROGRESS_PDF, "2025年第二季度募捐进展表"), "募捐进展表")],
    )
    return plan, progress


# --- stories -------------------------------------------------------------------------------------


def _translate(page, pairs):
    from home.translation import translate_page

    return translate_page(page, "en", pairs)


def _stories(federation, foundation):
    from stories.models import StoryIndexPage
    from tests.factories import section
    from tests.stories.factories import (
        add_campaign,
        add_story,
        add_translation,
        gallery_block,
        image_block,
        make_image,
    )

    index = section(StoryIndexPage)
    gallery_story = add_story(
        index,
        "示例助学金走进山区学校",
        category="organisations",
        tags=["助学", "乡村教育"],
        subjects=[foundation],
        author="李静",
        source="金华日报",
        body=[
            ("paragraph", "<p>助学金按学期发放，受助学生名单经学校公示后确定。</p>"),
            gallery_block(
                [
                    make_image("示例插图：书", size=(800, 500), background="#e6f0f8", foreground="#1d5c8c"),
                    make_image("示例插图：太阳", size=(800, 500), background="#fff4e0", foreground="#e08a3c"),
                ],
                title="乡村学校图书角",
                alt_text="插图：浅色背景上的一个彩色圆",
                caption="乡村学校的图书角",
            ),
        ],
    )

    quote = (
        "能帮一点是一点，大家的心意不能浪费。",
        "Every little helps, and people's kindness must not go to waste.",
    )
    paragraph = (
        "每周二和周五上午，胡师傅都会早早来到“爱心超市”，整理货架、登记捐赠物资。",
        "Every Tuesday and Friday morning Master Hu is first at the charity shop, tidying the shelves.",
    )
    alt = ("插图：米色背景上的一个棕色圆", "Illustration: a brown disc on a cream background")
    caption = ("“爱心超市”为困难家庭送去温暖", "The charity shop brings warmth to families in hardship")
    intro = (
        "退休工人胡师傅在社区“爱心超市”当了八年志愿者。",
        "Retired worker Master Hu has volunteered for eight years at his community's charity shop.",
    )
    house = make_image("示例插图：房子", size=(800, 500), background="#fff7e6", foreground="#7a4a00")
    quote_story = add_story(
        index,
        "胡师傅的“爱心超市”（示例）",
        intro=intro[0],
        author="王晓",
        subjects=[federation],
        body=[
            ("paragraph", f"<p>{paragraph[0]}</p>"),
            ("quote", {"quote": quote[0], "attribution": "胡师傅"}),
            image_block(house, alt_text=alt[0], caption=caption[0]),
        ],
    )
    english_quote_story = add_translation(
        quote_story,
        "Master Hu's charity shop (example)",
        dict([intro, paragraph, quote, alt, caption, ("胡师傅", "Master Hu"), ("王晓", "Wang Xiao")]),
    )

    campaign = add_campaign(
        index,
        "2025年“慈善一日捐”（示例）",
        intro="“慈善一日捐”倡议全区干部职工和社会各界捐出一天收入，善款用于困难群众救助、助学和助医。",
        figures=[("募集善款", "386.2", "万元"), ("参与单位", "412", "个"), ("干部职工参与率", "96.3", "%")],
    )
    add_story(
        index,
        "一日捐善款去了哪里（示例）",
        category="campaigns",
        tags=["慈善一日捐"],
        subjects=[campaign, federation],
    )
    return gallery_story, quote_story, english_quote_story, campaign


# --- awards --------------------------------------------------------------------------------------


def _revise(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


RULES = (
    "<p>“婺城慈善奖”每三年评选一次。提名对所有人开放；评审委员会依据评分细则评审，入围名单向社会公示。</p>"
)


def _awards(federation):
    """An edition open for nominations, and an announced one that went the product's whole way: a
    shortlist published on notice (``publish_shortlist``), then winners confirmed (``decide``)."""
    from awards import decisions, phases
    from awards.models import AwardIndexPage, NominationStatus
    from tests.awards.factories import (
        dates_for,
        make_edition,
        make_nomination,
        translate_edition,
        translate_winner,
    )
    from tests.factories import section
    from tests.stories.factories import make_image

    open_edition = make_edition(
        phases.Phase.NOMINATION,
        slug="browser-open",
        title="第二届婺城慈善奖（示例）",
        number=2,
        year=dates_for(phases.Phase.NOMINATION)[0].year,
        summary="第二届婺城慈善奖提名已经开始，欢迎推荐身边的爱心企业、慈善人物和项目。",
        rules=RULES,
    )

    announced = make_edition(
        phases.Phase.ANNOUNCED,
        slug="browser-announced",
        title="第一届婺城慈善奖（示例）",
        number=1,
        year=dates_for(phases.Phase.ANNOUNCED)[0].year,
        summary="首届婺城慈善奖表彰了为全区慈善事业作出突出贡献的企业和个人。",
        rules=RULES,
    )
    shortlisted = [
        make_nomination(
            announced,
            name="婺城示例爱心企业",
            kind="enterprise",
            status=NominationStatus.SHORTLISTED,
            organisation=federation,
            public_summary="连续十年设立助学基金，资助困难学生三百余人。",
        ),
        make_nomination(
            announced,
            name="周某某（示例）",
            kind="individual",
            status=NominationStatus.SHORTLISTED,
            locality="汤溪镇",
            public_summary="退休教师，二十年如一日为留守儿童义务辅导功课。",
        ),
    ]
    during_notice = timezone.now() - datetime.timedelta(days=45)  # see OFFSETS[ANNOUNCED]
    notice = decisions.publish_shortlist(announced, None, now=during_notice)
    winners = [
        decisions.decide(nomination, "winner", None, citation=nomination.public_summary).winner_page
        for nomination in shortlisted
    ]
    winner = _revise(
        winners[0],
        photo=make_image("示例获奖者照片", size=(600, 400), background="#e6f4ea", foreground="#145c2e"),
        photo_alt="照片：浅绿色背景上的一个深绿色圆",
    )
    translate_edition(announced, {announced.summary: "The first award honoured companies and people."})
    translate_winner(
        winner,
        "Wucheng caring company (example)",
        "For ten years it has funded a bursary for students in need.",
        {winner.photo_alt: "Photo: a dark green disc on a light green background"},
    )
    translate_winner(
        winners[1], "Zhou (example)", "A retired teacher who has tutored children for twenty years."
    )
    return open_edition, announced, winner, notice, section(AwardIndexPage, "en")


# --- policies ------------------------------------------------------------------------------------


def _plan():
    """The district plan as the importer makes it (sections, twenty tasks), open for comment today,
    with tracker records and a published comment with its answer."""
    from policies import tracker
    from policies.models import PolicyComment
    from tests.policies.factories import (
        add_indicator,
        import_district_plan,
        make_comment,
        record_status,
        set_comment_period,
    )

    plan = set_comment_period(import_district_plan(), -10, 30)
    record_status(plan, 1, tracker.TaskStatus.IN_PROGRESS, datetime.date(2022, 3, 1), "开展摸排。")
    record_status(plan, 1, tracker.TaskStatus.DONE, datetime.date(2023, 12, 20), "已全覆盖。")
    record_status(plan, 2, tracker.TaskStatus.IN_PROGRESS, datetime.date(2023, 1, 1))
    add_indicator(
        plan,
        "注册志愿者人数",
        160000,
        {2023: 146200, 2024: 155800, 2025: 162300},
        task_number=2,
        name_en="Registered volunteers",
        unit="人",
    )
    make_comment(
        plan,
        "建议公布标准化慈善捐赠站（点）的具体地址，方便群众就近捐赠。",
        section="任务清单第1项",
        moderation=PolicyComment.Moderation.PUBLISHED,
        adoption="adopted",
        response="已采纳：捐赠站点地址将在本网站公布。",
    )
    return plan


# --- oversight -----------------------------------------------------------------------------------


def _oversight(federation, foundation, mutual_aid):
    """An inspection round in both languages (one organisation fined), and the fined organisation on
    the serious-violation list."""
    from tests.oversight.factories import make_inspection_round, make_serious_violation

    title = (
        "2026年度慈善组织“双随机、一公开”抽查结果公示（示例）",
        "Results of the 2026 random inspection (example)",
    )
    scope = (
        "2025年度公开募捐和慈善项目资金使用情况。",
        "2025 public fundraising and the use of project funds.",
    )
    no_problem = ("未发现问题。", "No problems found.")
    late = ("2024年度工作报告未按期公开。", "The 2024 annual work report was not disclosed on time.")
    done = ("已补充公开，整改完成。", "Disclosed since; rectification completed.")
    finding = (
        "不具备公开募捐资格，以本组织名义开展公开募捐。",
        "Raised funds from the public without qualification.",
    )
    penalty = (
        "警告，责令退还违法募集的财产（示例）",
        "Warning and order to return the funds raised (example)",
    )
    returned = ("已退还捐款。", "The donations have been returned.")
    inspection = make_inspection_round(
        [
            (federation, "compliant"),
            {
                "organisation": foundation,
                "result": "rectification",
                "findings": late[0],
                "rectification_deadline": datetime.date(2026, 9, 30),
                "outcome": done[0],
            },
            {
                "organisation": mutual_aid,
                "result": "penalty",
                "findings": finding[0],
                "penalty": penalty[0],
                "penalty_decided_on": datetime.date(2026, 7, 10),
                "outcome": returned[0],
            },
        ],
        title=title[0],
        inspected_on=datetime.date(2026, 6, 20),
        scope=scope[0],
        english=dict(
            [title, scope, no_problem, late, done, finding, penalty, returned]
            + [("双随机、一公开", "Random selection, results published")]
        ),
    )
    make_serious_violation(mutual_aid, document_number="婺民〔2026〕示例1号")
    return inspection, inspection.english


# --- an organisation account (issue 16, dashboards) --------------------------------------------------
# The admin dashboard of an organisation (tests/browser/test_dashboard_due_list.py) is seen signed in as
# its account. The neighbourhood association's: it reported 2025 only, so its due-list has overdue
# years. An account adds a group and a collection, nothing a visitor sees.

ORGANISATION_ACCOUNT = "world-org"


def _organisation_account(org):
    from disclosures.accounts import create_organisation_account

    user, _password = create_organisation_account(org, ORGANISATION_ACCOUNT)
    return user


# --- the world -----------------------------------------------------------------------------------


def build_world():
    """Create the browser world (committed: call it outside any test transaction)."""
    federation, foundation, mutual_aid = _organisations()
    fundraising_plan, progress_report = _fundraising(federation)
    gallery_story, quote_story, english_quote_story, campaign = _stories(federation, foundation)
    open_edition, announced, winner, notice, english_awards = _awards(federation)
    plan = _plan()
    inspection_round, english_inspection_round = _oversight(federation, foundation, mutual_aid)
    _organisation_account(mutual_aid)  # issue 16, dashboards: see below
    return World(
        federation=federation,
        foundation=foundation,
        mutual_aid=mutual_aid,
        fundraising_plan=fundraising_plan,
        progress_report=progress_report,
        gallery_story=gallery_story,
        quote_story=quote_story,
        english_quote_story=english_quote_story,
        campaign=campaign,
        open_edition=open_edition,
        announced_edition=announced,
        winner=winner,
        notice=notice,
        english_awards=english_awards,
        plan=plan,
        inspection_round=inspection_round,
        english_inspection_round=english_inspection_round,
    )


def _tables():
    """The models whose rows the world may add: every concrete, managed one (page types other than
    Page itself are covered by deleting their Page)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and (model is Page or not issubclass(model, Page))
    ]


def snapshot():
    """The primary keys of every row now in the database, by model."""
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}


def remove_world(before):
    """Delete every row added since ``before`` (a ``snapshot``): pages top-down through Wagtail (so the
    tree's counters and the search index follow), then whatever is left, retrying what other new rows
    still protect. Fails if some added row cannot be deleted."""
    failures = {}
    for _round in range(5):
        left = 0
        failures.clear()
        for pk in Page.objects.exclude(pk__in=before[Page]).order_by("depth").values_list("pk", flat=True):
            page = Page.objects.filter(pk=pk).first()
            if page is None:
                continue  # gone with an ancestor deleted just before
            try:
                with transaction.atomic():
                    page.delete()
            except (ProtectedError, IntegrityError) as error:
                failures[f"page {pk} {page.url_path}"] = repr(error)[:300]
                left += 1
        for model in _tables():
            if model is Page:
                continue
            added = model._base_manager.exclude(pk__in=before[model])
            if not added.exists():
                continue
            try:
                with transaction.atomic():
                    added.delete()
            except (ProtectedError, IntegrityError) as error:
                failures[model._meta.label] = repr(error)[:300]
                left += 1
        if not left:
            return
    remaining = {
        model._meta.label: model._base_manager.exclude(pk__in=before[model]).count()
        for model in _tables()
        if model._base_manager.exclude(pk__in=before[model]).exists()
    }
    raise AssertionError(
        f"the browser world could not be removed entirely: {remaining}; last errors: {failures}"
    )
