"""Page cost (issue 14): each public page costs at most PAGE_QUERY_LIMIT SQL queries when rendered
without the proxy's cache, and no more when the site holds more content.

Each test builds a small world with the factories, counts the queries of the page in each language it
exists in, grows the world (more organisations, disclosures, stories, winners … and more of what the
page itself lists), and counts again. Counts are taken on the second request of a URL: the first
fills what is kept across requests in production too (the page chrome, home/chrome.py; image
renditions and Wagtail's site root paths in Django's cache). What the first request costs on top is
bounded as well (``test_the_first_page_after_a_change_costs_a_fixed_number_of_queries_more``). The CPU time per request is
measured by bench/page_cost.py.
"""

import datetime
import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from accounts import roles
from awards import phases
from awards.models import AwardCategory
from home.chrome import bump
from oversight.models import InspectionOutcome
from policies.models import PolicyComment
from stories.models import StoryIndexPage
from tests.awards.factories import make_edition, make_winner, translate_edition, translate_winner
from tests.disclosures.factories import (
    add_annual_reports,
    add_correction,
    add_disclosure,
    add_document,
)
from tests.factories import login, make_organisation, make_user, section
from tests.oversight.factories import make_inspection_round, make_serious_violation
from tests.policies.factories import make_comment, make_policy, relate
from tests.stories.factories import add_story, add_translation, gallery_block, image_block, make_image

PAGE_QUERY_LIMIT = 20

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def page_queries(client, url):
    """The queries of one anonymous request of ``url`` (after a first one that fills Django's cache)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def check(client, urls):
    """{url: queries}, each within the limit (the SQL is in the message when one is not)."""
    counts = {}
    for url in urls:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
        listing = "\n".join(query["sql"][:200] for query in captured.captured_queries)
        assert len(captured) <= PAGE_QUERY_LIMIT, f"{url}: {len(captured)} queries\n{listing}"
    return counts


def assert_no_growth(small, large):
    """The larger world costs no more queries than the smaller, URL by URL."""
    grown = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert not grown, f"queries grew with the content (before, after): {grown}"


# --- worlds --------------------------------------------------------------------------------------------


def add_organisations(count, disclosures_each=1):
    """``count`` published organisations with ``disclosures_each`` disclosures each."""
    organisations = []
    for _ in range(count):
        organisation = make_organisation()
        for number in range(disclosures_each):
            add_disclosure(organisation, f"{organisation.title}公开事项{number}")
        organisations.append(organisation)
    return organisations


def add_stories(count, translated=True, **fields):
    """``count`` published stories in the Chinese section, each with its English translation."""
    index = section(StoryIndexPage)
    stories = []
    for _ in range(count):
        n = next(_numbers)
        story = add_story(index, f"测试故事{n}", **fields)
        if translated:
            add_translation(story, f"Test story {n}")
        stories.append(story)
    return stories


def add_policies(count):
    """``count`` policies, half drafts open for comment, half in force, each translated."""
    today = timezone.localdate()
    policies = []
    for _ in range(count):
        n = next(_numbers)
        title = f"测试规划{n}"
        fields = (
            {
                "comment_opens_on": today - datetime.timedelta(days=3),
                "comment_closes_on": today + datetime.timedelta(days=20),
            }
            if n % 2
            else {"status": "in_force", "issued_on": datetime.date(2025, 1, 1)}
        )
        policies.append(make_policy(title, english={title: f"Test plan {n}"}, **fields))
    return policies


def add_edition_with_winners(winners, year=None, organisation=None):
    """An announced edition (translated) with ``winners`` winners (the first also translated)."""
    n = next(_numbers)
    edition = make_edition(phases.Phase.ANNOUNCED, slug=f"cost-edition-{n}", year=year or 2000 + n, number=n)
    AwardCategory.objects.filter(edition=edition).update(quota=20)  # room for many winners
    translate_edition(edition)
    pages = [
        make_winner(
            edition,
            name=f"测试获奖者{n}-{w}",
            kind="enterprise" if w % 2 else "individual",
            organisation=organisation if w == 0 else None,
        )
        for w in range(winners)
    ]
    return edition, pages


# --- the seven pages -----------------------------------------------------------------------------------


def test_home_page_cost_is_bounded_and_flat(client):
    add_organisations(2)
    add_stories(2)
    add_policies(2)
    add_edition_with_winners(1)
    urls = ["/", "/en/"]
    small = check(client, urls)

    add_organisations(10, disclosures_each=2)
    add_stories(6)
    add_policies(4)
    add_edition_with_winners(4)
    assert_no_growth(small, check(client, urls))


def test_directory_cost_is_bounded_and_flat(client):
    from disclosures.models import DisclosureIndexPage

    directory = section(DisclosureIndexPage)
    add_organisations(2)
    urls = [
        directory.url,
        section(DisclosureIndexPage, "en").url,
        f"{directory.url}?kind=social_group&sort=income",
        f"{directory.url}?page=2",
    ]
    small = check(client, urls)

    add_organisations(25)  # more than one page of the directory
    assert_no_growth(small, check(client, urls))


def test_organisation_profile_cost_is_bounded_and_flat(client):
    organisation = make_organisation(public_fundraising=True, rating="5A", rating_year=2023)
    add_annual_reports(organisation, years=[2024])
    add_stories(1, translated=False, subjects=[organisation])
    make_inspection_round([(organisation, InspectionOutcome.COMPLIANT)])
    add_edition_with_winners(1, organisation=organisation)  # an award won, in the summary card
    urls = [organisation.url]
    small = check(client, urls)

    add_annual_reports(organisation, years=range(2019, 2024))
    report = organisation.get_children().live().first().specific
    for number in range(3):
        add_correction(report, f"<p>更正{number}</p>")
    add_stories(6, translated=False, subjects=[organisation])
    for _ in range(3):
        make_inspection_round([(organisation, InspectionOutcome.PENALTY)])
    make_serious_violation(organisation, listed_on=datetime.date(2025, 3, 1))
    make_serious_violation(
        organisation, listed_on=datetime.date(2024, 3, 1), removed_on=datetime.date(2024, 9, 1)
    )
    for _ in range(3):
        add_edition_with_winners(2, organisation=organisation)
    add_organisations(5)
    assert_no_growth(small, check(client, urls))


def test_disclosure_page_cost_is_bounded_and_flat(client):
    organisation = make_organisation(public_fundraising=True)
    reports = add_annual_reports(organisation, years=[2023, 2024])
    report = reports[2024]  # with figures, and the previous year's for the ratio
    add_disclosure(organisation, "带附件的公开事项", attachments=[add_document(organisation)])
    correction = add_correction(report, "<p>更正收入数字。</p>")
    add_stories(1, translated=False, subjects=[report])
    urls = [report.url, correction.url]
    small = check(client, urls)

    documents = [add_document(organisation, title=f"附件{n}") for n in range(4)]
    report = type(report).objects.get(pk=report.pk)
    for document in documents:
        report.attachments.create(document=document)
    report.correction_note = "补充附件。"
    report.save_revision().publish(skip_permission_checks=True)
    for number in range(3):
        add_correction(report, f"<p>再次更正{number}</p>")
    for number in range(3):
        add_disclosure(
            organisation,
            f"“助学”项目进展{number}",
            disclosure_type="project_progress",
            year=2024,
            related_disclosure=report,
        )
    add_stories(6, translated=False, subjects=[report, correction])
    add_organisations(3, disclosures_each=3)
    assert_no_growth(small, check(client, urls))


def test_story_page_cost_is_bounded_and_flat(client):
    organisation = make_organisation()
    pictures = [make_image() for _ in range(2)]
    # One of each kind of block with pictures (each kind loads its pictures in one query).
    body = [image_block(pictures[0]), gallery_block(pictures)]
    (story,) = add_stories(1, translated=False, subjects=[organisation], tags=["助学"], body=body)
    english = add_translation(story, "A story with a picture", tags=["school grants"])
    urls = [story.url, english.url]
    small = check(client, urls)

    index = section(StoryIndexPage)
    others = add_organisations(4, disclosures_each=1)
    subjects = [organisation, *others, *(org.get_children().first() for org in others)]
    pictures = [make_image() for _ in range(6)]
    big = add_story(
        index,
        "主题和插图很多的故事",
        subjects=subjects,
        tags=[f"标签{n}" for n in range(8)],
        body=[
            ("paragraph", "<p>正文。</p>"),
            *(image_block(p) for p in pictures[:3]),
            gallery_block(pictures[3:]),
            gallery_block(pictures[:2]),
        ],
    )
    big_english = add_translation(big, "A story about many things", tags=[f"tag{n}" for n in range(8)])
    add_stories(8)
    large = check(client, [big.url, big_english.url])
    assert_no_growth(small, {story.url: large[big.url], english.url: large[big_english.url]})
    assert_no_growth(small, check(client, urls))


def test_policy_page_cost_is_bounded_and_flat(client):
    other = make_policy(
        "相关政策",
        status="in_force",
        issued_on=datetime.date(2024, 1, 1),
        english={"相关政策": "A related policy"},
    )
    policy = make_policy("测试政策", tasks=3, sections=2, english={"测试政策": "Test policy"})
    policy = relate(policy, other)
    make_comment(policy, moderation=PolicyComment.Moderation.PUBLISHED)
    english = policy.get_translation(Locale.objects.get(language_code="en"))
    urls = [policy.url, english.url]
    small = check(client, urls)

    more = add_policies(5)
    big = make_policy(
        "任务很多的政策",
        tasks=20,
        sections=10,
        english={"任务很多的政策": "A policy with many tasks"},
    )
    big = relate(big, other, *more)
    for _ in range(10):
        make_comment(big, moderation=PolicyComment.Moderation.PUBLISHED)
    big_english = big.get_translation(Locale.objects.get(language_code="en"))
    large = check(client, [big.url, big_english.url])
    assert_no_growth(small, {policy.url: large[big.url], english.url: large[big_english.url]})
    assert_no_growth(small, check(client, urls))


def test_award_pages_cost_is_bounded_and_flat(client):
    organisation = make_organisation()
    edition, (winner,) = add_edition_with_winners(1, organisation=organisation)
    english_winner = translate_winner(winner, "A test winner", "For many years of help.")
    english_edition = edition.get_translation(english_winner.locale)
    urls = [edition.url, english_edition.url, winner.url, english_winner.url]
    small = check(client, urls)

    add_stories(3, translated=False, subjects=[winner])
    for n in range(8):
        make_winner(edition, name=f"又一位获奖者{n}", kind="enterprise" if n % 2 else "individual")
    add_edition_with_winners(3)
    assert_no_growth(small, check(client, urls))


# --- variants: display mode, a signed-in editor, an empty cache ------------------------------------------


def build_large_world():
    organisations = add_organisations(12, disclosures_each=2)
    stories = add_stories(4, subjects=organisations[:3])
    policies = add_policies(2)
    edition, winners = add_edition_with_winners(3, organisation=organisations[0])
    from disclosures.models import DisclosureIndexPage

    return [
        "/",
        "/en/",
        section(DisclosureIndexPage).url,
        organisations[0].url,
        organisations[0].get_children().first().url,
        stories[0].url,
        policies[0].url,
        edition.url,
        winners[0].url,
    ]


def test_large_text_mode_costs_the_same(client):
    urls = build_large_world()
    standard = check(client, urls)
    client.cookies[settings.DISPLAY_MODE_COOKIE] = "large"
    large = check(client, urls)
    assert large == standard
    assert 'class="mode-large"' in client.get("/").content.decode()


def test_a_signed_in_editor_sees_every_page(client):
    urls = build_large_world()
    login(client, make_user("cost-editor", roles.PROPAGANDA_EDITORS))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_first_page_after_a_change_costs_a_fixed_number_of_queries_more(client):
    """The first page after the top of the tree changed builds the chrome again, once. (Django's cache
    is not emptied here: other tests compare a page's first request with a later one.)"""
    urls = build_large_world()
    warm = check(client, urls)
    for url in urls:
        bump()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200
        # The chrome (home pages, footer, navigation setting, its items and their translations: 5),
        # what is kept with it (the private sections, the home page's children, the story section:
        # 3) and finding the Site again (home.chrome.find_site: the Site, the root page as its
        # specific page, up to 3). Fixed, whatever the content.
        listing = "\n".join(query["sql"][:200] for query in cold.captured_queries)
        assert len(cold) <= warm[url] + 11, f"{url}: {len(cold)} cold, {warm[url]} warm\n{listing}"
