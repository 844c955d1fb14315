"""Every page type renders in both languages; unknown URLs give the site's 404 page."""

import pytest

from awards.models import AwardIndexPage
from disclosures.models import DisclosureIndexPage
from home.models import HomePage, StandardPage
from policies.models import PolicyIndexPage
from stories.models import StoryIndexPage
from tests.disclosures.factories import add_disclosure
from tests.factories import section, soup
from tests.policies.factories import make_policy
from tests.stories.factories import add_story, add_translation

PAGE_TYPES = [HomePage, StandardPage, DisclosureIndexPage, StoryIndexPage, AwardIndexPage, PolicyIndexPage]


@pytest.mark.django_db
def test_every_page_type_renders_in_both_languages(client, chinese, english):
    for model in PAGE_TYPES:
        for locale, lang in ((chinese, "zh-hans"), (english, "en")):
            page = model.objects.live().filter(locale=locale).first()
            assert page is not None, f"setup_site built no {model.__name__} in {lang}"
            response = client.get(page.url)
            assert response.status_code == 200, (model.__name__, lang, page.url)
            html = soup(response, status=None)
            assert html.html["lang"] == lang
            assert html.find("h1").get_text(strip=True), f"{model.__name__} has no heading"
            assert html.find("main", id="main") is not None


@pytest.mark.django_db
def test_chinese_home_is_at_root_and_english_home_at_en(client):
    chinese = soup(client.get("/"), status=None)
    english = soup(client.get("/en/"), status=None)
    assert chinese.html["lang"] == "zh-hans"
    assert english.html["lang"] == "en"
    assert chinese.find("h1").get_text(strip=True) == "阳光慈善 · 善行婺里"
    assert english.find("h1").get_text(strip=True) == "Open charity in Wucheng"


@pytest.mark.django_db
def test_english_pages_are_translations_not_copies_of_chinese_text(client, org_a):
    # Content in both languages, so the English listings and the home page have items to show: a
    # disclosure (the home page's latest ones), a translated story and a translated policy.
    add_disclosure(org_a, "年度工作报告")
    story = add_story(section(StoryIndexPage), "助学故事", intro="一位老人资助学生的故事。")
    add_translation(story, "A story of school grants", {story.intro: "How a pensioner helps pupils."})
    make_policy(
        "慈善事业发展规划",
        summary="规划的摘要。",
        issuing_body="婺城区民政局",
        english={
            "慈善事业发展规划": "Charity development plan",
            "规划的摘要。": "The plan in brief.",
            "婺城区民政局": "Wucheng District Civil Affairs Bureau",
        },
    )
    for url in ("/en/", "/en/about/", "/en/privacy/", "/en/accessibility/", "/en/stories/", "/en/policies/"):
        main = soup(client.get(url), status=None).find("main")
        for data in main.select(".latest"):
            data.decompose()  # the latest disclosures are organisations' own (Chinese) documents
        main = main.get_text()
        han = [ch for ch in main if "\u4e00" <= ch <= "\u9fff"]
        # Only the filing-number examples may contain Han characters; main content must not.
        assert not han, f"{url} shows Chinese text in English: {''.join(han)[:40]}"


@pytest.mark.django_db
def test_unknown_url_gives_404_page_in_the_right_language(client):
    for url, lang, heading in (
        ("/no-such-page/", "zh-hans", "页面不存在"),
        ("/en/no-such-page/", "en", "Page not found"),
    ):
        response = client.get(url)
        assert response.status_code == 404
        html = soup(response, status=None)
        assert html.html["lang"] == lang
        assert html.find("h1").get_text(strip=True) == heading


@pytest.mark.django_db
def test_breadcrumbs_lead_home_from_a_section_page(client):
    html = soup(client.get("/disclosures/"), status=None)
    crumbs = html.find("nav", class_="breadcrumbs")
    links = [(a.get_text(strip=True), a["href"]) for a in crumbs.find_all("a")]
    assert links == [("善行婺里", "/")]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text(strip=True) == "信息公开"


@pytest.mark.django_db
def test_home_page_has_no_breadcrumbs(client):
    assert soup(client.get("/"), status=None).find("nav", class_="breadcrumbs") is None


@pytest.mark.django_db
def test_main_navigation_marks_the_current_section(client):
    html = soup(client.get("/stories/"), status=None)
    nav = html.find("nav", class_="main-nav")
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert labels == ["信息公开", "慈善文化", "婺城慈善奖", "政策文件", "公众监督", "关于我们"]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "慈善文化"


@pytest.mark.django_db
def test_english_navigation_shows_english_pages(client):
    nav = soup(client.get("/en/"), status=None).find("nav", class_="main-nav")
    links = [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]
    assert links[0] == ("Disclosures", "/en/disclosures/")
    assert ("About us", "/en/about/") in links


@pytest.mark.django_db
def test_navigation_leaves_out_pages_without_translation(client, home, english):
    extra = StandardPage(title="仅中文页面", slug="zh-only", show_in_menus=True)
    home.add_child(instance=extra)
    extra.save_revision().publish()
    from home.models import NavigationItem, NavigationSettings

    navigation = NavigationSettings.objects.get()
    NavigationItem.objects.create(setting=navigation, page=extra, sort_order=99)
    zh_labels = [
        a.get_text() for a in soup(client.get("/"), status=None).find("nav", class_="main-nav").find_all("a")
    ]
    en_labels = [
        a.get_text()
        for a in soup(client.get("/en/"), status=None).find("nav", class_="main-nav").find_all("a")
    ]
    assert "仅中文页面" in zh_labels
    assert "仅中文页面" not in en_labels


@pytest.mark.django_db
def test_sitemap_lists_pages_in_both_languages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "http://localhost/about/" in body
    assert "http://localhost/en/about/" in body


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts(client, home):
    draft = StandardPage(title="草稿页面", slug="draft-page", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    assert "draft-page" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_500_page_is_self_contained():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "服务暂时不可用" in html and "Service unavailable" in html
