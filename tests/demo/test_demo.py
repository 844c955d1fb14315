"""The demo smoke test: ``load_demo`` builds a demo on ``setup_site``'s skeleton that every public
page, route, feed, file and admin listing serves without an error, with no broken internal link; the
demo's own facts (both languages, accounts, stories, oversight); and that the demo stays out of
production (docs/demo.md).

Only this module loads the demo. It does so once, in a module-scoped fixture, inside a transaction
that is rolled back when the module ends, so no other test ever sees demo content; each test runs in
its own savepoint inside that transaction (pytest-django's ``db`` fixture), so the tests here do not
see each other's changes either.
"""

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from disclosures.models import DisclosurePage, OrganisationPage
from oversight.models import (
    InspectionResult,
    InspectionRoundPage,
    OversightIndexPage,
    Report,
    SeriousViolationEntry,
)
from stories.models import CampaignPage, StoryIndexPage, StoryPage
from tests.factories import login, soup

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "/admin/"
VERIFY = "/admin/second-factor/verify/"

# Routes that answer with a redirect rather than a page, and where to (none today; the thanks pages of
# the public forms answer 200 without a confirmation, docs/public-forms.md).
EXPECTED_REDIRECTS: dict[tuple[str, str], str] = {}


def skeleton_counts():
    return Page.objects.count(), get_user_model().objects.count(), OrganisationPage.objects.count()


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, in a transaction rolled back afterwards; the output of
    ``load_demo``.

    pytest-django's ``db`` fixture opens its own atomic block for each test; inside this one it becomes
    a savepoint, rolled back after the test, and this outer transaction is rolled back at the end of
    the module (pytest-django skips ``TestCase.setUpClass`` so that such higher-scoped transactions
    survive). Between its own setup and teardown the database stays blocked, so a test here that
    forgot ``db`` fails instead of writing into the shared demo."""
    with django_db_blocker.unblock():
        before = skeleton_counts()
        assert before[2] == 0, "the session database should hold the skeleton only"
        cache.clear()  # Wagtail caches site root paths; start and end with a cold cache
        with transaction.atomic():
            out = StringIO()
            call_command("load_demo", stdout=out)
            try:
                with django_db_blocker.block():
                    yield out.getvalue()
            finally:
                transaction.set_rollback(True)
        cache.clear()
        # Nothing of the demo is left for the modules that run after this one.
        assert skeleton_counts() == before
        if settings.SEARCH_BACKEND != "database":
            # A search engine is not rolled back with the database: rebuild its index from the skeleton.
            call_command("update_index", verbosity=0, stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def demo_admin(loaded_demo, db):
    """A client signed in as the demo's superuser (with its demo authenticator)."""
    client = Client()
    login(client, get_user_model().objects.get(username="admin"))
    return client


def live_pages():
    """Every live page with a URL, both language trees, in tree order."""
    pages = Page.objects.live().filter(depth__gte=2).order_by("path").specific()
    return [(page, page.get_url()) for page in pages if page.get_url() is not None]


def argumentless_routes(page):
    """(route name, URL) of each route of a routable page that takes no argument, besides the page's own."""
    routes = []
    for pattern in page.get_subpage_urls():
        try:
            subpath = page.reverse_subpage(pattern.name)
        except NoReverseMatch:  # the route needs an argument (e.g. a revision id)
            continue
        if subpath:
            routes.append((pattern.name, page.get_url() + subpath))
    return routes


def main_text(response):
    main = soup(response, status=None).find("main")
    return main.get_text(" ", strip=True) if main is not None else ""


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def internal_links(response, base):
    """The site's own URLs that an HTML response links to (anchors and alternate-language/feed links)."""
    links = set()
    document = soup(response, status=None)
    for tag in document.find_all("a", href=True) + document.find_all("link", rel="alternate", href=True):
        href = tag["href"].strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(urljoin(base, href))
        if parts.scheme in ("http", "https") and parts.hostname not in ("testserver", "localhost"):
            continue  # another site
        links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


# ---------------------------------------------------------------------------------------------------
# Smoke test: every public page, route and link; feeds, sitemap, search, open data, API, admin.


def test_every_live_page_and_route_answers_with_content_and_every_internal_link_resolves(loaded_demo, db):
    # A server error is a problem in the list (its traceback is in the captured log), not the end of the walk.
    client = Client(raise_request_exception=False)
    problems, links, visited = [], set(), set()
    pages = live_pages()
    for page, url in pages:
        targets = [(None, url)]
        if isinstance(page, RoutablePageMixin):
            targets += argumentless_routes(page)
        for route, target in targets:
            response = client.get(target)
            visited.add(target)
            expected = EXPECTED_REDIRECTS.get((type(page).__name__, route))
            if expected is not None:
                if response.status_code != 302 or response["Location"] != url + expected:
                    problems.append(f"{target}: {response.status_code} {response.get('Location')}")
                continue
            if response.status_code != 200:
                problems.append(f"{target}: {response.status_code}")
            elif is_html(response):
                if not main_text(response):
                    problems.append(f"{target}: empty <main>")
                links |= internal_links(response, target)
    assert len(pages) > 100  # both trees: sections, organisations, disclosures, stories, awards …

    # Every internal link on those pages (navigation, listings, filters, pagination, documents,
    # language switcher, breadcrumbs) leads somewhere, following redirects.
    for link in sorted(links - visited):
        response = client.get(link, follow=True)
        if response.status_code != 200:
            problems.append(f"{link} (linked): {response.status_code}")
    print(f"{len(pages)} pages, {len(visited)} URLs walked, {len(links - visited)} further links checked")
    assert not problems, "\n".join(problems)


def test_feeds_list_the_live_stories_of_their_language(loaded_demo, db):
    client = Client()
    atom = "{http://www.w3.org/2005/Atom}"
    for index in StoryIndexPage.objects.live():
        expected = min(20, index.stories().count())
        assert expected > 0
        rss = ElementTree.fromstring(client.get(index.url + "feed/rss/").content)
        assert len(rss.findall("./channel/item")) == expected, index.url
        feed = ElementTree.fromstring(client.get(index.url + "feed/atom/").content)
        assert len(feed.findall(f"{atom}entry")) == expected, index.url


def test_sitemap_lists_every_live_page_of_both_languages(loaded_demo, db):
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {
        urlsplit(loc.text).path for loc in ElementTree.fromstring(response.content).iter(f"{namespace}loc")
    }
    public = [(page, url) for page, url in live_pages() if page.get_view_restrictions().count() == 0]
    pages = {url for _page, url in public}
    # A Chinese page not translated yet is also listed where the English site shows it.
    english_keys = set(
        Page.objects.live().filter(locale__language_code="en").values_list("translation_key", flat=True)
    )
    untranslated = {
        "/en" + url
        for page, url in public
        if page.locale.language_code == "zh-hans" and page.translation_key not in english_keys
    }
    assert untranslated and untranslated.isdisjoint(pages)
    assert listed == pages | untranslated


def test_search_finds_demo_content_in_html_and_json(loaded_demo, db):
    client = Client()
    organisation = OrganisationPage.objects.live().order_by("path").first()
    story = StoryPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    for search, query, page in (
        ("/search/", organisation.title, organisation),
        ("/en/search/", story.title, story),
    ):
        response = client.get(search, {"q": query})
        assert response.status_code == 200
        assert query in main_text(response)
        assert f'href="{page.url}"' in response.content.decode()
        data = client.get(search, {"q": query, "format": "json"}).json()
        assert data["query"] == query and data["total"] >= 1
        assert page.url in {urlsplit(result["url"]).path for result in data["results"]}
        for result in data["results"]:
            assert client.get(urlsplit(result["url"]).path).status_code == 200, result["url"]


def test_open_data_files_hold_every_live_organisation_and_disclosure(loaded_demo, db):
    client = Client()
    for prefix in ("", "/en"):
        response = client.get(f"{prefix}/open-data/")
        assert response.status_code == 200 and main_text(response)
    page_urls = {url for page, url in live_pages()}
    for dataset, model in (("organisations", OrganisationPage), ("disclosures", DisclosurePage)):
        live = model.objects.live().public().count()
        assert live > 0
        response = client.get(f"/open-data/{dataset}.csv")
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == live, dataset
        data = json.loads(client.get(f"/open-data/{dataset}.json").content)
        assert data["dataset"] == dataset and data["count"] == len(data["items"]) == live
        # Every row links to the live page it describes.
        assert {urlsplit(item["url"]).path for item in data["items"]} <= page_urls


def test_api_lists_the_demo_pages_and_serves_each_one(loaded_demo, db):
    client = Client()
    response = client.get("/api/v2/pages/", {"limit": 100})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] > 100
    for item in data["items"]:
        detail = client.get(urlsplit(item["meta"]["detail_url"]).path)
        assert detail.status_code == 200, item["meta"]["detail_url"]
        assert detail.json()["title"] == item["title"]
    english = client.get("/api/v2/pages/", {"locale": "en", "limit": 100})
    assert english.status_code == 200 and english.json()["meta"]["total_count"] > 20


def test_admin_dashboard_explorer_and_an_editor_of_each_page_type_open_for_the_demo_superuser(
    demo_admin,
):
    assert demo_admin.get(ADMIN).status_code == 200
    assert demo_admin.get("/admin/pages/").status_code == 200
    parents = Page.objects.filter(depth__gte=1, numchild__gt=0).order_by("path")
    for parent in parents:
        response = demo_admin.get(f"/admin/pages/{parent.pk}/")
        assert response.status_code == 200, (parent.pk, parent.title)
    edited = set()
    for page in (
        Page.objects.filter(depth__gte=2, locale__language_code="zh-hans").order_by("path").specific()
    ):
        if type(page) in edited:
            continue
        edited.add(type(page))
        response = demo_admin.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, (type(page).__name__, page.pk)
    assert len(edited) >= 15


# ---------------------------------------------------------------------------------------------------
# ``load_demo`` itself: idempotent, and never with production settings.


def demo_counts():
    return (
        Page.objects.count(),
        get_user_model().objects.count(),
        Report.objects.count(),
        InspectionResult.objects.count(),
        TOTPDevice.objects.count(),
    )


def test_load_demo_twice_creates_nothing_the_second_time(loaded_demo, db):
    assert "Created:" in loaded_demo
    first = demo_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "nothing created" in out.getvalue()
    assert demo_counts() == first


def test_load_demo_refuses_to_run_with_production_settings(loaded_demo, db, settings):
    settings.SETTINGS_MODULE = "wucheng_site.settings.production"
    before = demo_counts()
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())
    assert demo_counts() == before


def test_load_demo_creates_demo_accounts_in_their_groups(loaded_demo, db):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="reviewer").groups.get().name == "民政局审核员"
    assert User.objects.get(username="editor").has_perm("wagtailadmin.access_admin")


def password_only(user):
    """A client past the password step only (as Wagtail's login view leaves it)."""
    client = Client()
    client.force_login(user)
    return client


def test_demo_accounts_get_the_published_demo_authenticator_and_demo_code_prints_its_code(
    loaded_demo, db, settings
):
    from demo import home as demo_home

    for username in ("admin", "reviewer", "chair", "member"):
        assert TOTPDevice.objects.get(user__username=username).key == demo_home.demo_totp_key(), username
    for username in ("siteadmin", "editor", "approver"):
        assert not TOTPDevice.objects.filter(user__username=username).exists(), username

    with pytest.raises(CommandError):
        call_command("demo_code", stdout=StringIO())
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = re.search(r"Code: (\d{6})", out.getvalue()).group(1)
    client = password_only(get_user_model().objects.get(username="reviewer"))
    assert client.post(VERIFY, {"code": code})["Location"] == ADMIN


# ---------------------------------------------------------------------------------------------------
# The demo content: both languages, stories, oversight.


def test_demo_tree_has_both_languages_with_matching_pages(loaded_demo, db):
    # Organisation profiles and disclosures stay in Chinese (legal names, original documents).
    def keys(language, **depth):
        pages = Page.objects.filter(locale__language_code=language, **depth)
        return set(pages.values_list("translation_key", flat=True))

    sections = keys("zh-hans", depth__gte=2, depth__lte=3)
    assert len(sections) == 10  # … and 公众监督 (oversight)
    # Every section and standard page has its English translation; deeper pages where it makes sense
    # (policies, stories …); every English page translates a Chinese one.
    assert sections <= keys("en", depth__gte=2)
    assert keys("en", depth__gte=2) <= keys("zh-hans", depth__gte=2)
    # Stories and campaigns are all translated.
    stories = StoryIndexPage.objects.get(locale__language_code="zh-hans")
    story_pages = set(Page.objects.descendant_of(stories).values_list("translation_key", flat=True))
    assert len(story_pages) == 14
    assert story_pages <= keys("en", depth__gte=2)
    assert not Page.objects.filter(depth__gte=2, live=False).exists()


def test_demo_has_a_dozen_live_stories_in_each_language(loaded_demo, db, chinese, english):
    for locale in (chinese, english):
        assert StoryPage.objects.live().filter(locale=locale).count() == 12


def test_demo_english_stories_are_translations_with_english_tags(loaded_demo, db, english):
    for story in StoryPage.objects.filter(locale=english):
        source = story.get_translation(story.locale.get_default())
        assert story.translation_key == source.translation_key
        assert story.title != source.title
        assert all(tag.name.isascii() for tag in story.tags.all()), story.title


def test_every_demo_image_has_alt_text(loaded_demo, db):
    count = 0
    for story in StoryPage.objects.all():
        for block in story.body:
            if block.block_type == "image":
                assert block.value["alt_text"].strip()
                count += 1
            elif block.block_type == "gallery":
                assert all(item["alt_text"].strip() for item in block.value["images"])
                count += len(block.value["images"])
    assert count >= 10


def test_several_demo_stories_are_about_organisations_projects_campaigns_and_winners(
    loaded_demo, db, chinese
):
    kinds = set()
    for story in StoryPage.objects.filter(locale=chinese):
        kinds |= {type(page.specific).__name__ for page in story.subject_pages()}
    assert kinds == {"OrganisationPage", "DisclosurePage", "CampaignPage", "AwardWinnerPage"}


def test_demo_campaigns_have_their_figures_in_both_languages(loaded_demo, db, client, chinese, english):
    for locale in (chinese, english):
        campaigns = CampaignPage.objects.live().filter(locale=locale)
        assert campaigns.count() == 2
        for campaign in campaigns:
            assert len(campaign.figures) >= 3
    english_day = CampaignPage.objects.get(locale=english, slug="one-day-donation-2025")
    html = client.get(english_day.url).content.decode()
    assert "Donations raised" in html and "386.2" in html


def oversight_counts():
    return (
        OversightIndexPage.objects.count(),
        InspectionRoundPage.objects.count(),
        InspectionResult.objects.count(),
        SeriousViolationEntry.objects.count(),
        Report.objects.count(),
    )


def test_demo_has_the_oversight_page_in_both_languages_rounds_reports_and_a_listed_organisation(
    loaded_demo, db
):
    from demo import oversight as demo_oversight

    assert oversight_counts() == (2, 4, 10, 1, len(demo_oversight.REPORTS))
    assert set(Report.objects.values_list("status", flat=True)) == {
        "received",
        "investigating",
        "concluded",
        "not_accepted",
    }
    assert {r.result for r in InspectionResult.objects.all()} == {"compliant", "rectification", "penalty"}


def test_loading_the_oversight_demo_again_changes_nothing(loaded_demo, home):
    from demo import oversight as demo_oversight

    before = oversight_counts()
    assert demo_oversight.load(home) == []
    assert oversight_counts() == before


def test_demo_reports_use_obviously_fake_personal_data(loaded_demo, db):
    assert Report.objects.exists()
    for report in Report.objects.all():
        assert "示例" in report.description
        assert (
            not report.reporter_contact
            or report.reporter_contact.endswith(".invalid")
            or report.reporter_contact.startswith("000")
        )


# ---------------------------------------------------------------------------------------------------
# The demo stays out of production: not installed there, imported by no product app.

PRODUCTION = {
    "SECRET_KEY": "x7#Jk2!pQz9-production-like-secret-key-of-enough-length-and-variety",
    "ALLOWED_HOSTS": "charity.wucheng.gov.cn",
}


def installed_apps(settings_module, tmp_path):
    """INSTALLED_APPS and the management commands of a settings module, read in a fresh interpreter (the
    environment production settings require, nothing of this test run's)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    environment.update(
        PRODUCTION, DJANGO_SETTINGS_MODULE=settings_module, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"
    )
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print(json.dumps([settings.INSTALLED_APPS, sorted(get_commands())]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_do_not_install_the_demo(tmp_path):
    apps, commands = installed_apps("wucheng_site.settings.production", tmp_path)
    assert "demo" not in apps and not any(app.startswith("demo.") for app in apps)
    assert "load_demo" not in commands and "demo_code" not in commands
    assert "setup_site" in commands
    # The development settings do install it: the check above looks at the right thing.
    apps, commands = installed_apps("wucheng_site.settings.dev", tmp_path)
    assert "demo" in apps and "load_demo" in commands


def imports_of_demo(source):
    """The lines of ``source`` that import the ``demo`` package (import statements or import_module)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            names = [arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant)]
        else:
            continue
        if any(name == "demo" or str(name).startswith("demo.") for name in names):
            lines.append(node.lineno)
    return lines


def product_apps():
    """The project's own packages among the base settings' INSTALLED_APPS (the apps production runs)."""
    from wucheng_site.settings import base

    packages = {app.split(".")[0] for app in base.INSTALLED_APPS}
    return sorted(name for name in packages if (ROOT / name / "__init__.py").exists())


def test_no_product_app_imports_the_demo():
    assert imports_of_demo("from demo import home\nimport demo.stories\nimport_module('demo.awards')") == [
        1,
        2,
        3,
    ]
    assert imports_of_demo("from home import demo_helpers\nimport demographics\n") == []
    apps = product_apps()
    assert {"home", "disclosures", "stories", "awards", "policies", "oversight", "wucheng_site"} <= set(apps)
    assert "demo" not in apps
    offenders, scanned = [], 0
    for app in apps:
        for path in (ROOT / app).rglob("*.py"):
            scanned += 1
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in imports_of_demo(path.read_text())]
    assert scanned > 50
    assert not offenders, offenders


# --- The award demo ------------------------------------------------------------------------------------


def demo_edition(year):
    from awards.models import AwardEditionPage

    return AwardEditionPage.objects.get(year=year, locale__language_code="zh-hans")


def test_the_demo_has_the_2023_edition_announced_with_a_winner_in_each_category(loaded_demo, db):
    from awards.models import AwardWinnerPage
    from awards.phases import Phase

    edition = demo_edition(2023)
    assert edition.phase() == Phase.ANNOUNCED
    winners = AwardWinnerPage.objects.child_of(edition).live()
    assert {w.category_id for w in winners} == set(edition.categories.values_list("pk", flat=True))
    assert any(w.organisation_id for w in winners)


def test_the_demo_2026_edition_is_open_for_nominations_with_nominations_in_review(loaded_demo, db):
    from awards.models import NominationStatus
    from awards.phases import Phase

    edition = demo_edition(2026)
    assert edition.phase() == Phase.NOMINATION
    assert edition.nominations.filter(status=NominationStatus.IN_REVIEW).count() >= 3


def test_every_demo_award_page_has_its_english_translation(loaded_demo, db):
    from awards.models import AwardIndexPage

    section = AwardIndexPage.objects.get(locale__language_code="zh-hans")
    chinese = set(Page.objects.descendant_of(section).values_list("translation_key", flat=True))
    english = set(
        Page.objects.filter(locale__language_code="en", translation_key__in=chinese, live=True).values_list(
            "translation_key", flat=True
        )
    )
    assert len(chinese) == 7  # two editions, four winners, one notice
    assert english == chinese


def test_the_demo_lists_one_less_central_organisation(loaded_demo, db):
    from oversight.models import SeriousViolationEntry
    from oversight.sanctions import active_serious_violations

    listed = OrganisationPage.objects.get(credit_code="51330702MJ0LCCBX76")  # 西关街道邻里互助会 (sample)
    assert active_serious_violations(listed).count() == 1
    assert SeriousViolationEntry.objects.exclude(organisation=listed).count() == 0


def test_the_demo_links_the_award_and_the_inspection_rounds_to_the_plan_once(loaded_demo, db):
    from demo import policies as policies_demo
    from policies.models import PolicyDocumentPage, TaskStatusUpdate

    plan = PolicyDocumentPage.objects.get(slug="charity-development-plan", locale__language_code="zh-hans")
    links = set(plan.task_evidence.values_list("task_number", "evidence__slug"))
    assert {
        (19, "2026"),
        (19, "2023"),
        (15, "2025-random-inspection"),
        (15, "2026-random-inspection"),
    } <= links
    assert policies_demo.link_evidence() == 0  # idempotent
    assert plan.task_evidence.count() == len(links)
    assert TaskStatusUpdate.objects.filter(task__page=plan, task__number=15).count() == 1
