"""The English site has every page the Chinese one has (wucheng_site/language_fallback.py, docs/i18n.md).

A Chinese page without a translation shows at /en/ + its path, with the interface in English, its
Chinese text marked lang="zh-Hans" and a note; its links stay on the English site; hreflang pairs the
two addresses; a translation, once made, takes over the address.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.users.models import UserProfile

from disclosures.models import DisclosureIndexPage
from home.translation import translate_page
from stories.models import StoryIndexPage
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_organisation, make_user, section
from tests.policies.factories import make_policy
from tests.stories.factories import add_story
from wucheng_site.sitemaps import AllLocalesSitemap


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def alternates(page_html):
    return {link["hreflang"]: link["href"] for link in page_html.find_all("link", rel="alternate")}


@pytest.fixture
def organisation(db):
    org = make_organisation("婺城区测试助学基金会", name_en="Wucheng Test Education Foundation")
    disclosure = add_disclosure(
        org,
        "婺城区测试助学基金会2025年度工作报告",
        disclosure_type="annual_report",
        body="<p>年度工作概况。</p>",
    )
    return org, disclosure


@pytest.mark.django_db
def test_an_organisation_profile_has_an_english_page(client, organisation):
    org, disclosure = organisation
    page = html(client, "/en" + org.url)
    assert page.html["lang"] == "en"
    h1 = page.find("h1")
    assert h1.get_text(strip=True) == "Wucheng Test Education Foundation"
    assert not h1.has_attr("lang")  # its English name is English
    assert page.find(class_="untranslated-note")
    assert "Skip to main content" in page.get_text()
    # Its disclosures are linked at their English addresses.
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert "/en" + disclosure.url in links
    assert disclosure.url not in links


@pytest.mark.django_db
def test_a_disclosure_has_an_english_page_with_its_chinese_text_marked(client, organisation):
    org, disclosure = organisation
    page = html(client, "/en" + disclosure.url)
    assert page.find("h1").get_text(strip=True).startswith("Annual work report")
    body = page.find(string=lambda text: "年度工作概况" in text)
    assert body.find_parent(attrs={"lang": "zh-Hans"}) is not None
    crumbs = page.find("nav", class_="breadcrumbs")
    hrefs = [a["href"] for a in crumbs.find_all("a")]
    assert hrefs == ["/en/", section(DisclosureIndexPage, "en").url, "/en" + org.url]


@pytest.mark.django_db
def test_a_chinese_title_without_english_is_marked_as_chinese(client):
    org = make_organisation("没有英文名的慈善组织")
    h1 = html(client, "/en" + org.url).find("h1")
    assert h1.get_text(strip=True) == "没有英文名的慈善组织"
    assert h1["lang"] == "zh-Hans"


@pytest.mark.django_db
def test_hreflang_pairs_the_chinese_page_with_its_english_view(client, organisation):
    org, disclosure = organisation
    for page in (org, disclosure):
        expected = {"zh-hans": "http://testserver" + page.url, "en": "http://testserver/en" + page.url}
        assert alternates(html(client, page.url)) == expected
        assert alternates(html(client, "/en" + page.url)) == expected


@pytest.mark.django_db
def test_a_newly_published_story_is_on_the_english_site_at_once(client):
    story = add_story(section(StoryIndexPage), "刚发布的慈善故事")
    page = html(client, "/en" + story.url)
    assert page.find("h1").get_text(strip=True) == "刚发布的慈善故事"
    assert page.find(class_="untranslated-note")
    # Unpublished, it goes from both sites.
    story.unpublish()
    html(client, story.url, 404)
    html(client, "/en" + story.url, 404)


@pytest.mark.django_db
def test_a_translation_takes_over_the_english_address(client):
    story = add_story(section(StoryIndexPage), "将被翻译的故事")
    translate_page(story, "en", {"将被翻译的故事": "A story that was translated"})
    page = html(client, "/en" + story.url)
    assert page.find("h1").get_text(strip=True) == "A story that was translated"
    assert not page.find(class_="untranslated-note")


@pytest.mark.django_db
def test_drafts_and_unknown_paths_are_not_found_on_the_english_site(client, organisation):
    org, _disclosure = organisation
    draft = add_disclosure(org, "尚未发布的公开", publish=False)
    html(client, "/en" + org.url + draft.slug + "/", 404)
    html(client, "/en/disclosures/no-such-organisation/", 404)
    html(client, "/en/no-such-section/", 404)


@pytest.mark.django_db
def test_the_chinese_site_keeps_its_own_addresses(client, organisation):
    org, disclosure = organisation
    page = html(client, org.url)
    assert page.html["lang"] == "zh-hans"
    assert not page.find(class_="untranslated-note")
    page.find("nav", class_="language-switcher").decompose()  # the one link to the English view
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert disclosure.url in links
    assert not any(link.startswith("/en/disclosures/") for link in links)


@pytest.mark.django_db
def test_admin_links_stay_on_the_pages_own_address(client, organisation):
    # An admin user whose interface is English previews and purges the Chinese page itself.
    org, _disclosure = organisation
    admin = make_user("english-admin", superuser=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    login(client, admin)
    response = client.get(f"/admin/pages/{org.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Explorer" in content or "Pages" in content  # the admin is in English for this user
    assert org.url in content
    assert "/en" + org.url not in content


@pytest.mark.django_db
def test_the_sitemap_lists_the_english_address_of_untranslated_pages(rf, organisation):
    org, disclosure = organisation
    request = rf.get("/sitemap.xml")
    sitemap = AllLocalesSitemap(request)
    locations = {
        url["location"] for page in sitemap.paginator.page_range for url in sitemap._urls(page, "http", None)
    }
    for page in (org, disclosure):
        assert page.full_url in locations
        assert page.full_url.replace("http://localhost/", "http://localhost/en/") in locations
    # A section translated by hand is listed once per language, not twice in English.
    english_index = section(DisclosureIndexPage, "en")
    assert sum(1 for location in locations if location == english_index.full_url) == 1


@pytest.mark.django_db
def test_the_english_view_costs_a_bounded_number_of_extra_queries(
    client, organisation, django_assert_max_num_queries
):
    org, _disclosure = organisation
    client.get(org.url)
    client.get("/en" + org.url)  # warm the caches both ways
    with translation.override("zh-hans"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as chinese:
            client.get(org.url)
    with CaptureQueriesContext(connection) as english:
        client.get("/en" + org.url)
    # Routing through the English tree first, then the Chinese one, and the ancestors' translations.
    assert len(english) <= len(chinese) + 5


@pytest.mark.django_db
def test_a_translation_whose_text_was_left_in_chinese_marks_it(client):
    # wagtail-localize shows strings nobody translated in the source language: the plan's English
    # page shows its Chinese text, marked as Chinese, under a note.
    policy = make_policy(
        "婺城区慈善事业发展实施方案",
        english={"婺城区慈善事业发展实施方案": "Wucheng charity development plan"},
    )
    page = html(client, "/en" + policy.url)
    assert page.find("h1").get_text(strip=True) == "Wucheng charity development plan"
    assert page.find(class_="policy__text")["lang"] == "zh-Hans"
    assert page.find(class_="untranslated-note")
    chinese = html(client, policy.url)
    assert not chinese.find(class_="policy__text").has_attr("lang")
    assert not chinese.find(class_="untranslated-note")


@pytest.mark.django_db
def test_the_english_directory_names_organisations_in_english_and_links_their_english_pages(
    client, organisation
):
    org, _disclosure = organisation
    unnamed = make_organisation("没有英文名的基金会")
    page = html(client, section(DisclosureIndexPage, "en").url)
    links = {a.get_text(strip=True): a for a in page.select(".directory-table a[href]")}
    assert links["Wucheng Test Education Foundation"]["href"] == "/en" + org.url
    assert links["没有英文名的基金会"]["href"] == "/en" + unnamed.url
    assert links["没有英文名的基金会"]["lang"] == "zh-Hans"
    chinese = html(client, section(DisclosureIndexPage).url)
    names = {a.get_text(strip=True) for a in chinese.select(".directory-table a[href]")}
    assert "婺城区测试助学基金会" in names and "Wucheng Test Education Foundation" not in names


@pytest.mark.django_db
def test_a_private_chinese_page_stays_private_on_the_english_site(client, home):
    from wagtail.models import PageViewRestriction

    from home.models import StandardPage

    page = StandardPage(title="内部资料", slug="internal-only")
    home.add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for url in (page.url, "/en" + page.url):
        response = client.get(url)
        assert response.status_code == 302, url  # to sign in, never the page
        assert "内部资料" not in response.content.decode()
