"""``setup_site`` builds the real site on an empty, migrated database (BRIEF §6, issue 13).

The session's test database holds the skeleton setup_site built (tests/conftest.py), so the tests that
need the database as ``migrate`` leaves it start with ``empty_database``: it flushes everything and
restores the snapshot pytest-django takes right after migrating (``serialized_rollback``), which is
what Django itself does between serialized-rollback tests. Those tests flush the database, so conftest runs them last.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page, Revision, Site, WorkflowPage
from wagtail_localize.models import Translation

from accounts import roles
from disclosures.models import DisclosureIndexPage, DisclosurePage, OrganisationPage
from home.models import HomePage, NavigationItem, SiteSettings, StandardPage
from home.site_setup import PLACEHOLDER_PAGES, SECTIONS, is_placeholder, setup_site
from tests.factories import make_organisation

REPO = Path(__file__).resolve().parents[2]
SHARED_SAMPLES = REPO.parent / "shared" / "samples"
BUNDLED_SAMPLES = REPO / "demo" / "data" / "disclosures" / "samples"
SAMPLES = SHARED_SAMPLES if (SHARED_SAMPLES / "disclosures-sample.jsonl").exists() else BUNDLED_SAMPLES
SAMPLE_FILE = SAMPLES / "disclosures-sample.jsonl"

flushing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def empty_database():
    # As Django's TransactionTestCase flushes: sequences keep counting, so on PostgreSQL the restored
    # rows' ids never meet the ids of rows created afterwards.
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    cache.clear()  # Wagtail caches the site root paths, which belonged to the skeleton's pages
    # The state `migrate` leaves: a blank Chinese home page, nothing under it, nobody.
    assert Page.objects.filter(depth__gt=2).count() == 0
    assert get_user_model().objects.count() == 0
    yield
    cache.clear()


def run_setup_site(*args):
    """The command's output, in English (commands speak the site's language, Chinese, by default)."""
    out = StringIO()
    with translation.override("en"):
        call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def state():
    """What setup_site could have changed, to compare two runs."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("pk", "path", "title", "live", "latest_revision")
        ),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "navigation": list(NavigationItem.objects.order_by("sort_order").values_list("page", "sort_order")),
        "settings": list(SiteSettings.objects.values()),
        "sites": list(Site.objects.values()),
        "workflows": list(WorkflowPage.objects.order_by("page").values_list("page", "workflow")),
        "users": get_user_model().objects.count(),
    }


@flushing
def test_import_disclosures_needs_the_skeleton_setup_site_builds(empty_database):
    with pytest.raises(CommandError, match="信息公开"):
        call_command(
            "import_disclosures", str(SAMPLE_FILE), "--no-progress", stdout=StringIO(), stderr=StringIO()
        )
    run_setup_site("--hostname", "127.0.0.1", "--port", "8000")
    call_command(
        "import_disclosures", str(SAMPLE_FILE), "--no-progress", stdout=StringIO(), stderr=StringIO()
    )
    assert OrganisationPage.objects.exists()
    assert DisclosurePage.objects.live().exists()


@flushing
def test_setup_site_builds_sections_and_pages_in_both_languages(empty_database, client):
    output = run_setup_site("--hostname", "charity.example.gov.cn", "--port", "8000")
    assert "信息公开" in output
    for model, slug, (title_zh, title_en), *_ in SECTIONS:
        zh = model.objects.live().get(locale__language_code="zh-hans")
        en = model.objects.live().get(locale__language_code="en")
        assert (zh.slug, zh.title, en.title) == (slug, title_zh, title_en)
        assert en.translation_key == zh.translation_key
        # Roles are attached: the section's workflow covers both language trees.
        expected = 2 if model._meta.label in roles.SECTION_WORKFLOWS else 0
        assert WorkflowPage.objects.filter(page__in=[zh, en]).count() == expected, model
    for spec in PLACEHOLDER_PAGES:
        zh = StandardPage.objects.live().get(locale__language_code="zh-hans", slug=spec["slug"])
        en = zh.get_translation(Locale.objects.get(language_code="en"))
        assert is_placeholder(zh)
        assert en.live and en.title == spec["title"][1]
        assert client.get(zh.url).status_code == 200
        assert spec["todo"][1] in client.get(en.url).content.decode()
    home_en = HomePage.objects.get(locale__language_code="en")
    assert home_en.hero_title == "Open charity in Wucheng"


@flushing
def test_setup_site_creates_no_accounts_and_no_content(empty_database):
    run_setup_site("--hostname", "charity.example.gov.cn")
    assert get_user_model().objects.count() == 0
    assert not OrganisationPage.objects.exists()
    # root, and in each language: home, five sections, four standard pages
    assert Page.objects.count() == 1 + 2 * (1 + len(SECTIONS) + len(PLACEHOLDER_PAGES))
    settings = SiteSettings.objects.get()
    assert settings.organisation_name == "婺城区民政局"
    assert (settings.phone, settings.email, settings.address, settings.complaint_hotline) == ("", "", "", "")
    assert (settings.icp_number, settings.police_number) == ("", "")


@flushing
def test_setup_site_builds_the_main_navigation(empty_database, client):
    run_setup_site("--hostname", "127.0.0.1", "--port", "8000")
    labels = [
        item.page.title for item in NavigationItem.objects.order_by("sort_order").select_related("page")
    ]
    assert labels == ["信息公开", "慈善文化", "婺城慈善奖", "政策文件", "公众监督", "关于我们"]
    nav = client.get("/en/").content.decode()
    assert 'href="/en/disclosures/"' in nav and 'href="/en/about/"' in nav


@flushing
def test_setup_site_twice_changes_nothing(empty_database):
    run_setup_site("--hostname", "127.0.0.1", "--port", "8000")
    first = state()
    output = run_setup_site("--hostname", "127.0.0.1", "--port", "8000")
    assert state() == first
    assert "nothing changed" in output


@flushing
def test_site_host_and_port_make_absolute_urls(empty_database, client):
    run_setup_site("--hostname", "127.0.0.1", "--port", "8000")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("127.0.0.1", 8000, "善行婺里")
    assert Site.objects.count() == 1
    call_command(
        "import_disclosures", str(SAMPLE_FILE), "--no-progress", stdout=StringIO(), stderr=StringIO()
    )

    results = json.loads(client.get("/search/", {"q": "婺城区示例慈善基金会", "format": "json"}).content)[
        "results"
    ]
    assert {"organisation", "disclosure"} <= {result["type"] for result in results}
    for result in results:
        assert result["url"].startswith("http://127.0.0.1:8000/"), result
        path = result["url"].removeprefix("http://127.0.0.1:8000")
        assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code == 200, path

    organisations = json.loads(client.get("/open-data/organisations.json").content)
    urls = [row["url"] for row in organisations["items"]]
    assert urls and all(url.startswith("http://127.0.0.1:8000/") for url in urls)


@flushing
def test_setup_site_moves_the_site_to_a_new_address(empty_database):
    run_setup_site("--hostname", "charity.example.gov.cn")
    assert Site.objects.get().root_url == "http://charity.example.gov.cn"
    output = run_setup_site("--hostname", "charity.example.gov.cn", "--port", "443")
    assert "charity.example.gov.cn:80" in output
    assert Site.objects.get().root_url == "https://charity.example.gov.cn"
    assert DisclosureIndexPage.objects.get(locale__language_code="zh-hans").full_url == (
        "https://charity.example.gov.cn/disclosures/"
    )


@pytest.mark.django_db
def test_setup_site_on_a_site_in_use_leaves_its_content_alone(home):
    """Run again on a site whose operator has written the about page and where organisations publish,
    setup_site neither restores the placeholder nor touches the content."""
    about = StandardPage.objects.child_of(home).get(slug="about")
    assert is_placeholder(about)
    about.intro = "婺城区民政局主办的慈善信息公开平台。"
    about.save_revision().publish()
    make_organisation("婺城区测试慈善会")
    before = state()
    report = setup_site("localhost", 80)
    assert not report.changed
    assert state() == before
    about.refresh_from_db()
    assert about.intro == "婺城区民政局主办的慈善信息公开平台。" and not is_placeholder(about)


@pytest.mark.django_db
@pytest.mark.parametrize("hostname", ["http://charity.example.gov.cn", "charity.example.gov.cn:8000", ""])
def test_setup_site_wants_the_host_name_alone(hostname):
    with pytest.raises(CommandError, match="host name alone"):
        run_setup_site("--hostname", hostname)
    assert Site.objects.get().hostname == "localhost"


@pytest.mark.django_db
def test_setup_site_refuses_an_address_another_site_answers_at(home):
    Site.objects.create(hostname="other.example.gov.cn", port=80, root_page=home)
    with pytest.raises(CommandError, match="Another site already answers at other.example.gov.cn:80"):
        run_setup_site("--hostname", "other.example.gov.cn")
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
