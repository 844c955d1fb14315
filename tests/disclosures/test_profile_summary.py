"""The organisation profile answers at a glance (issue 16): a summary card on top (record, latest
reports, qualifications, awards won, warnings), a contents list, the disclosures before the long
financial history and compliance record."""

import datetime

import pytest

from awards.models import NominationStatus
from oversight.models import InspectionOutcome
from tests.awards.factories import make_announced_edition, make_nomination
from tests.disclosures.factories import add_annual_reports, add_correction, add_disclosure
from tests.factories import make_organisation, soup
from tests.oversight.factories import make_inspection_round, make_report, make_serious_violation
from tests.privacy import leaks

pytestmark = pytest.mark.django_db


def summary(client, org):
    card = soup(client.get(org.url)).select_one(".profile-summary")
    assert card is not None, "the profile has no summary card"
    return card


def fact(card, label):
    """The <dd> of the summary card's fact labelled ``label``."""
    for dt in card.select("dt"):
        if dt.get_text(strip=True) == label:
            return dt.find_next_sibling("dd")
    raise AssertionError(f"no {label!r} in {[dt.get_text(strip=True) for dt in card.select('dt')]}")


def test_the_summary_links_the_latest_annual_and_financial_reports(client, org_a):
    reports = add_annual_reports(org_a, years=[2023, 2024])
    older = add_disclosure(org_a, "2023年度财务会计报告", disclosure_type="financial_report", year=2023)
    newer = add_disclosure(org_a, "2024年度财务会计报告", disclosure_type="financial_report", year=2024)
    card = summary(client, org_a)

    annual = fact(card, "最新年度工作报告")
    assert [a["href"] for a in annual.select("a")] == [reports[2024].url]
    financial = fact(card, "最新财务会计报告")
    assert [a["href"] for a in financial.select("a")] == [newer.url]
    assert older.url not in str(card)
    assert "公开" in financial.get_text()  # with the date it was disclosed


def test_the_summary_says_when_a_report_is_not_yet_published(client, org_a):
    add_disclosure(org_a, "2025年度重大活动", disclosure_type="major_event")
    card = summary(client, org_a)
    for label in ("最新年度工作报告", "最新财务会计报告"):
        assert fact(card, label).get_text(strip=True) == "尚未公开"
        assert not fact(card, label).select("a")


def test_a_draft_report_is_not_the_latest_one(client, org_a):
    reports = add_annual_reports(org_a, years=[2023])
    add_disclosure(
        org_a, "2024年度工作报告（草稿）", disclosure_type="annual_report", year=2024, publish=False
    )
    annual = fact(summary(client, org_a), "最新年度工作报告")
    assert [a["href"] for a in annual.select("a")] == [reports[2023].url]


def test_a_corrected_latest_report_says_so(client, org_a):
    report = add_annual_reports(org_a, years=[2024])[2024]
    annual = fact(summary(client, org_a), "最新年度工作报告")
    assert "已更正" not in annual.get_text()
    add_correction(report, "<p>更正收入数字。</p>")
    annual = fact(summary(client, org_a), "最新年度工作报告")
    assert "已更正" in annual.get_text()


def test_the_summary_shows_the_record_badge_and_qualifications(client, org_a, org_b):
    add_annual_reports(org_a)
    card = summary(client, org_a)
    record = fact(card, "近五年信息公开")
    assert record.select_one(".status--on_time") is not None
    assert record.select_one('a[href="#compliance"]') is not None
    qualifications = fact(card, "资质").get_text(" ", strip=True)
    assert "具有公开募捐资格" in qualifications and "不具有公开募捐资格" not in qualifications
    assert "等级评估5A（2023年）" in qualifications

    qualifications = fact(summary(client, org_b), "资质").get_text(" ", strip=True)
    assert "不具有公开募捐资格" in qualifications
    assert "不具有公益性捐赠税前扣除资格" in qualifications
    assert "未评估" in qualifications


def test_the_summary_shows_an_award_the_organisation_won(client, org_a):
    edition = make_announced_edition(slug="won", organisation=org_a, title="第一届婺城慈善奖")
    (winner,) = [w for w in edition.winner_pages() if w.specific.organisation_id == org_a.pk]
    awards = fact(summary(client, org_a), "所获奖项")
    links = awards.select("a")
    assert [a["href"] for a in links] == [winner.url]
    assert links[0].get_text(strip=True) == "第一届婺城慈善奖·爱心企业"
    assert "测试爱心企业" in awards.get_text()  # the winner's name, as the committee published it


def test_no_award_row_without_a_published_award(client, org_a):
    edition = make_announced_edition(slug="lost", title="第一届婺城慈善奖")
    # Nominated, even shortlisted, is not won: a nomination never reaches the profile.
    make_nomination(edition, name="测试落选企业", status=NominationStatus.SHORTLISTED, organisation=org_a)
    card = summary(client, org_a)
    assert "所获奖项" not in card.get_text()
    assert "第一届婺城慈善奖" not in card.get_text()


def test_an_unpublished_winner_page_is_not_shown(client, org_a):
    edition = make_announced_edition(slug="revoked", organisation=org_a, title="第一届婺城慈善奖")
    assert "所获奖项" in summary(client, org_a).get_text()
    for winner in edition.winner_pages():
        winner.unpublish()
    assert "所获奖项" not in summary(client, org_a).get_text()


def test_no_private_nomination_or_report_reaches_the_profile(client, org_a):
    edition = make_announced_edition(slug="private", organisation=org_a, title="第一届婺城慈善奖")
    make_nomination(
        edition,
        name="测试保密被提名人",
        organisation=org_a,
        nominator_name="测试保密提名人",
        contact="13912345678",
        deeds="测试保密事迹",
    )
    make_report(
        org_a, description="测试保密举报内容", reporter_name="测试保密举报人", reporter_contact="13800009999"
    )
    text = client.get(org_a.url).content.decode()
    secrets = [
        "测试保密被提名人",
        "测试保密提名人",
        "13912345678",
        "测试保密事迹",
        "测试保密举报内容",
        "测试保密举报人",
    ]
    assert leaks([(org_a.url, text)], secrets) == []
    # The control: the published winner is public, and the check sees it.
    assert leaks([(org_a.url, text)], ["第一届婺城慈善奖"]) == [(org_a.url, "第一届婺城慈善奖")]


def test_a_serious_violation_listing_is_the_first_thing_in_the_summary(client, org_a):
    make_serious_violation(
        org_a,
        listed_on=datetime.date(2026, 7, 20),
        reason="测试：虚假公开。",
        document_number="婺民〔2026〕测1号",
    )
    card = summary(client, org_a)
    warning = card.select_one(".profile-warning")
    assert warning is not None
    assert card.find(True, recursive=False).name == "h2" and card.select("div")[0] is warning
    text = warning.get_text(" ", strip=True)
    assert "风险提示" in text  # a heading in words, not colour alone
    assert "2026-07-20起列入严重违法失信名单" in text
    assert "测试：虚假公开。" in text and "婺民〔2026〕测1号" in text
    assert warning.select_one('a[href="#oversight"]') is not None
    assert warning.get("role") is None and not warning.select("[role=alert]")


def test_a_removed_listing_and_no_listing_give_no_warning(client, org_a, org_b):
    make_serious_violation(org_a, listed_on=datetime.date(2024, 3, 1), removed_on=datetime.date(2024, 9, 1))
    assert summary(client, org_a).select_one(".profile-warning") is None
    assert summary(client, org_b).select_one(".profile-warning") is None
    # The removed entry is still history in the oversight section.
    assert "2024-03-01" in str(soup(client.get(org_a.url)).find(id="oversight"))


def test_a_recent_penalty_is_warned_about(client, org_a):
    make_inspection_round(
        [
            {
                "organisation": org_a,
                "result": InspectionOutcome.PENALTY,
                "penalty": "警告（测试罚字1号）",
                "penalty_decided_on": datetime.date(2026, 7, 10),
            }
        ]
    )
    warning = summary(client, org_a).select_one(".profile-warning")
    assert warning is not None
    assert "2026-07-10受到行政处罚" in warning.get_text() and "警告（测试罚字1号）" in warning.get_text()


def test_the_sections_come_in_the_order_visitors_need_them(client, org_a):
    add_annual_reports(org_a)
    make_serious_violation(org_a)
    html = soup(client.get(org_a.url))
    article = html.select_one("article.profile")
    order = [
        node.get("id") or node["class"][-1]
        for node in article.select(".profile-summary, nav.profile__toc, .profile__sections > section[id]")
    ]
    assert order[:2] == ["profile-summary", "profile__toc"]
    sections = order[2:]
    assert sections[0] == "disclosures"
    assert sections.index("disclosures") < sections.index("finances") < sections.index("compliance")
    assert sections[-1] == "oversight"


def test_the_contents_link_every_section_and_nothing_else(client, org_a):
    add_annual_reports(org_a, years=[2024])
    html = soup(client.get(org_a.url))
    nav = html.select_one("nav.profile__toc")
    assert nav.get("aria-label") == "本页目录"
    targets = [a["href"] for a in nav.select("a")]
    assert all(target.startswith("#") for target in targets)
    ids = [section["id"] for section in html.select(".profile__sections > section[id]")]
    # Stories are listed only when there are some; every other section has its link, in page order.
    assert [target[1:] for target in targets] == [i for i in ids if i != "stories"]


def test_the_contents_leave_out_a_purpose_the_profile_does_not_have(client):
    org = make_organisation("测试无宗旨组织", purpose="", business_scope="")
    html = soup(client.get(org.url))
    assert html.find(id="purpose") is None
    assert html.select_one('nav.profile__toc a[href="#purpose"]') is None
