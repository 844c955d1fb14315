"""Demo award content: the first edition (2023) announced with its winners, and the second edition
(2026) open for nominations, with a few nominations in review assigned to the demo member.

Chinese pages first, English through wagtail-localize (``home.translation.translate_page``).
Idempotent: an edition that exists is left as it is. Nominations are demo data with made-up names
and contacts (``.example`` addresses), never real people.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from wagtail.models import Locale

from awards.decisions import assign
from awards.models import (
    AwardCategory,
    AwardEditionPage,
    AwardIndexPage,
    AwardNoticePage,
    AwardWinnerPage,
    Nomination,
    NominationStatus,
    RubricCriterion,
)
from disclosures.models import OrganisationPage
from home.translation import translate_page

CATEGORIES = [
    (
        "enterprise",
        3,
        ("爱心企业", "Caring enterprises"),
        ("长期捐赠或参与慈善活动的企业。", "Enterprises that give or take part in charity over time."),
    ),
    (
        "individual",
        3,
        ("慈善个人", "Charitable individuals"),
        ("以捐赠或志愿服务帮助他人的个人。", "People who help others by giving or volunteering."),
    ),
    (
        "collective",
        2,
        ("慈善集体", "Charitable collectives"),
        ("社区、村社、志愿服务队等集体。", "Communities, villages, volunteer teams and other collectives."),
    ),
    (
        "project",
        2,
        ("优秀慈善项目", "Outstanding charity projects"),
        ("成效显著、公开透明的慈善项目。", "Effective and transparent charity projects."),
    ),
]

RUBRIC = [("事迹的公益性和影响力", 40, 10), ("持续时间和投入", 30, 10), ("公开透明和社会评价", 30, 10)]

RULES = (
    "“婺城慈善奖”每三年评选一次，设爱心企业、慈善个人、慈善集体和优秀慈善项目四类。"
    "提名对所有人开放；评审委员会依据评分细则评审，入围名单向社会公示，公示期内任何人都可以提出异议。",
    "The Wucheng Charity Award is given every three years in four categories: caring enterprises, "
    "charitable individuals, charitable collectives and outstanding charity projects. Anyone may "
    "nominate; the committee scores nominations against a published rubric, the shortlist is put on "
    "public notice, and anyone may object during the notice.",
)

EDITIONS = [
    {
        "slug": "2023",
        "number": 1,
        "year": 2023,
        "title": ("第一届婺城慈善奖（2023年）", "First Wucheng Charity Award (2023)"),
        "summary": (
            "首届婺城慈善奖于2023年评选，表彰了为全区慈善事业作出突出贡献的企业、个人、集体和项目。",
            "The first Wucheng Charity Award, in 2023, honoured enterprises, people, collectives and "
            "projects that made an outstanding contribution to charity in the district.",
        ),
        "dates": ("2023-03-01", "2023-04-30", "2023-05-20", "2023-08-01", "2023-08-07", "2023-09-05"),
        "reviewers": 3,
    },
    {
        "slug": "2026",
        "number": 2,
        "year": 2026,
        "title": ("第二届婺城慈善奖（2026年）", "Second Wucheng Charity Award (2026)"),
        "summary": (
            "第二届婺城慈善奖提名已经开始，欢迎推荐身边的爱心企业、慈善人物、集体和项目。",
            "Nominations for the second Wucheng Charity Award are open: tell us about the caring "
            "enterprises, people, collectives and projects around you.",
        ),
        "dates": ("2026-11-01", "2027-02-28", "2027-03-15", "2027-05-10", "2027-05-16", "2027-06-01"),
        "reviewers": 1,
    },
]

# 2023 winners: (category key, kind, title zh/en, locality, citation zh/en, organisation credit code)
WINNERS_2023 = [
    (
        "enterprise",
        "enterprise",
        ("金华婺州爱心建材有限公司（示例）", "Jinhua Wuzhou Caring Building Materials Co. (demo)"),
        "城西街道",
        (
            "连续十年设立助学基金，资助婺城区困难学生三百余人，并在汛期无偿提供救灾物资。",
            "For ten years it has funded a bursary that has helped over three hundred students in need, "
            "and it gives relief supplies free of charge in flood seasons.",
        ),
        None,
    ),
    (
        "individual",
        "individual",
        ("周某某（示例）", "Zhou (demo)"),
        "汤溪镇",
        (
            "退休教师，二十年如一日为留守儿童义务辅导功课，带动六十多名志愿者加入。",
            "A retired teacher who has tutored left-behind children without pay for twenty years and "
            "brought more than sixty volunteers with her.",
        ),
        None,
    ),
    (
        "collective",
        "collective",
        ("婺城区蓝天应急救援协会", "Wucheng Blue Sky Emergency Rescue Association"),
        "白龙桥镇",
        (
            "常年开展山地和水域救援，2022年参与救援行动八十余次，普及防灾减灾知识覆盖两万人次。",
            "It runs mountain and water rescue all year round: over eighty rescues in 2022, and disaster "
            "prevention training reaching twenty thousand people.",
        ),
        "51330702MJ3K4L5M6L",
    ),
    (
        "project",
        "project",
        ("“慈善一日捐”（婺城区慈善总会）", "One Day's Donation (Wucheng Charity Federation)"),
        "城中街道",
        (
            "动员全区机关、企业和居民捐出一天收入，所筹善款全部用于助学、助医和助老，收支逐项公开。",
            "It asks the district's offices, businesses and residents to give one day's income; every yuan "
            "goes to education, medical and elderly aid, and every item of income and spending is disclosed.",
        ),
        "51330702MJ1A2B3C4M",
    ),
]

NOMINATIONS_2026 = [
    (
        "individual",
        "individual",
        "方某某（示例提名）",
        "罗店镇",
        "在村里组织爱心食堂，为八十岁以上老人每天免费提供午餐，已坚持三年。",
    ),
    (
        "enterprise",
        "enterprise",
        "婺城区示例食品有限公司",
        "三江街道",
        "每年向慈善总会捐赠善款和物资，并组织员工参加助老志愿服务。",
    ),
    (
        "project",
        "project",
        "乡村图书角（示例）",
        "莘畈乡",
        "在山区学校建设图书角二十个，捐赠图书一万余册，组织志愿者每月开展阅读活动。",
    ),
]


def _date(text):
    return datetime.date.fromisoformat(text)


def load():
    index = AwardIndexPage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if index is None:
        return []
    created = []
    for spec in EDITIONS:
        if index.get_children().filter(slug=spec["slug"]).exists():
            continue
        edition = _edition(index, spec)
        created.append(edition.title)
        if spec["year"] == 2023:
            for n, winner in enumerate(WINNERS_2023, start=1):
                page = _winner(edition, *winner)
                _past_nomination(edition, page, n, winner)
            _notice(edition)
        else:
            _nominations(edition)
    return created


def _edition(index, spec):
    dates = [_date(d) for d in spec["dates"]]
    edition = AwardEditionPage(
        title=spec["title"][0],
        slug=spec["slug"],
        number=spec["number"],
        year=spec["year"],
        summary=spec["summary"][0],
        search_description=spec["summary"][0],
        rules=f"<p>{RULES[0]}</p>",
        nomination_opens=dates[0],
        nomination_closes=dates[1],
        review_starts=dates[2],
        notice_starts=dates[3],
        notice_ends=dates[4],
        announcement_on=dates[5],
        reviewers_per_nomination=spec["reviewers"],
    )
    for order, (kind, quota, name, description) in enumerate(CATEGORIES):
        edition.categories.add(
            AwardCategory(
                sort_order=order, name=name[0], nominee_kind=kind, quota=quota, description=description[0]
            )
        )
    for order, (name, weight, max_mark) in enumerate(RUBRIC):
        edition.criteria.add(RubricCriterion(sort_order=order, name=name, weight=weight, max_mark=max_mark))
    index.add_child(instance=edition)
    edition.save_revision().publish()
    strings = dict([spec["title"], spec["summary"], RULES])
    for _kind, _quota, name, description in CATEGORIES:
        strings[name[0]] = name[1]
        strings[description[0]] = description[1]
    translate_page(edition, "en", strings)
    return edition


def _winner(edition, category_key, kind, title, locality, citation, credit_code):
    category = edition.categories.get(nominee_kind=category_key)
    organisation = None
    if credit_code:
        organisation = OrganisationPage.objects.filter(credit_code=credit_code, locale=edition.locale).first()
    page = AwardWinnerPage(
        title=title[0],
        slug=f"winner-{category_key}",
        category=category,
        nominee_kind=kind,
        locality=locality,
        citation=f"<p>{citation[0]}</p>",
        organisation=organisation,
    )
    edition.add_child(instance=page)
    page.save_revision().publish()
    translate_page(page, "en", dict([title, citation]))
    return page


NOTICE_2023 = (
    ("第一届婺城慈善奖入围名单公示", "Public notice of the shortlist of the first Wucheng Charity Award"),
    (
        "公示期内，任何单位和个人对入围对象有异议的，可以通过本页提出。",
        "During the notice, anyone with an objection to a shortlisted nominee could lodge it on this page.",
    ),
)


def _past_nomination(edition, page, n, winner):
    """The 2023 winners came through the same process: their (demo) nominations, now winners."""
    from wucheng_site.public_forms import normalise_contact

    category_key, kind, title, locality, citation, _code = winner
    contact = f"nominator2023-{n}@example.com"
    nomination = Nomination.objects.create(
        edition=edition,
        category=edition.categories.get(nominee_kind=category_key),
        reference=f"TM-20230315-DEMO{n:02d}",
        nominee_name=title[0],
        nominee_kind=kind,
        locality=locality,
        deeds=citation[0],
        nominator_name=f"示例提名人{n}",
        nominator_contact=contact,
        contact_key=normalise_contact(contact),
        status="winner",
        public_summary=citation[0],
        winner_page=page,
    )
    nomination.save_revision(log_action=False)


def _notice(edition):
    notice = AwardNoticePage(title=NOTICE_2023[0][0], slug="notice", intro=f"<p>{NOTICE_2023[1][0]}</p>")
    edition.add_child(instance=notice)
    notice.save_revision().publish()
    translate_page(notice, "en", dict(NOTICE_2023))


def _nominations(edition):
    from wucheng_site.public_forms import normalise_contact, unique_reference

    member = get_user_model().objects.filter(username="member").first()
    for n, (category_key, kind, name, locality, deeds) in enumerate(NOMINATIONS_2026, start=1):
        contact = f"nominator{n}@example.com"
        nomination = Nomination.objects.create(
            edition=edition,
            category=edition.categories.get(nominee_kind=category_key),
            reference=unique_reference("TM", Nomination),
            nominee_name=name,
            nominee_kind=kind,
            locality=locality,
            deeds=deeds,
            amount=Decimal("120000") if kind == "enterprise" else None,
            nominator_name=f"示例提名人{n}",
            nominator_contact=contact,
            contact_key=normalise_contact(contact),
            status=NominationStatus.IN_REVIEW,
        )
        nomination.save_revision(log_action=False)
        if member is not None:
            assign(nomination, member, by=None)
