"""Cache-Control (wucheng_site/http_cache.py): what the caching proxy may keep. Anonymous public pages
are shared; anything personal — a session, a form's CSRF cookie, a search term, the admin, documents,
a thanks page — never is, and the proxy (deploy/nginx/) takes its lifetime from these headers."""

import pytest
from django.urls import reverse

from disclosures.models import DisclosureIndexPage
from policies.models import PolicyIndexPage
from stories.models import StoryIndexPage
from tests.disclosures.factories import add_disclosure, add_document
from tests.factories import PASSWORD, login, make_organisation, make_user, section
from tests.policies.factories import make_policy, set_comment_period
from tests.stories.factories import add_story

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_shared(response, lifetime=900):
    assert response.status_code in (200, 301, 404), response.status_code
    assert directives(response) == {"public", "max-age=0", f"s-maxage={lifetime}"}, response.get(
        "Cache-Control"
    )
    assert not response.cookies


def assert_not_shared(response):
    found = directives(response)
    assert "private" in found or "no-store" in found, response.get("Cache-Control")
    assert not any(d.startswith("s-maxage") for d in found) and "public" not in found


@pytest.fixture
def world(site):
    org = make_organisation()
    disclosure = add_disclosure(org, "年度工作报告")
    story = add_story(section(StoryIndexPage), "助学故事")
    policy = make_policy()
    return {"org": org, "disclosure": disclosure, "story": story, "policy": policy}


def test_public_pages_are_shared_for_the_page_cache_lifetime(client, world):
    urls = [
        "/",
        "/en/",
        section(DisclosureIndexPage).url,
        section(StoryIndexPage).url,
        section(PolicyIndexPage).url,
        world["org"].url,
        world["disclosure"].url,
        world["story"].url,
        world["policy"].url,
        "/sitemap.xml",
        "/open-data/disclosures.csv",
        reverse("search"),
    ]
    for url in urls:
        assert_shared(client.get(url))


def test_a_url_with_a_query_string_is_shared_briefly(client, world, settings):
    settings.PAGE_CACHE_QUERY_SECONDS = 42
    assert_shared(client.get(section(StoryIndexPage).url, {"page": 2}), lifetime=42)


def test_a_missing_page_is_shared_and_purged_when_it_appears(client, site):
    assert_shared(client.get("/no-such-page/"))


def test_search_with_a_term_is_never_stored(client, world):
    for response in (
        client.get(reverse("search"), {"q": "张三 13800000000"}),
        client.get(reverse("search"), {"q": "助学", "format": "json"}),
        client.get(reverse("search_suggest"), {"q": "助"}),
    ):
        assert directives(response) == {"private", "no-store"}


def test_a_form_page_with_its_csrf_cookie_is_never_stored(client, world):
    policy = world["policy"]
    set_comment_period(policy, -1, 10)
    response = client.get(policy.url + "comment/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert directives(response) == {"private", "no-store"}


def test_posts_and_thanks_pages_are_never_stored(client, world):
    response = client.post("/display-mode/", {"mode": "large", "next": "/"})
    assert directives(response) == {"private", "no-store"}
    response = client.post(world["policy"].url + "comment/", {})
    assert directives(response) == {"private", "no-store"}


def test_signed_in_staff_get_private_pages(client, world):
    editor = login(client, make_user("cache-editor", superuser=True))
    assert editor.check_password(PASSWORD)
    for url in ("/", world["story"].url, reverse("wagtailadmin_home")):
        assert_not_shared(client.get(url))


def test_admin_and_sign_in_are_not_shared(client, site):
    assert_not_shared(client.get(reverse("wagtailadmin_login")))
    assert_not_shared(client.get(reverse("wagtailadmin_home")))


def test_documents_are_checked_on_every_request_so_never_shared(client, world):
    document = add_document(world["org"])
    add_disclosure(world["org"], "审计报告", attachments=[document])
    response = client.get(document.url)
    assert response.status_code == 200
    assert_not_shared(response)


def test_the_display_mode_does_not_make_a_page_private(client, world):
    client.cookies["wucheng_display"] = "large"
    assert_shared(client.get(world["story"].url))


def test_a_view_that_says_never_cache_keeps_it(client, site):
    response = client.get(reverse("wagtailadmin_login"))
    assert "no-store" in directives(response) or "no-cache" in directives(response)


def test_a_redis_outage_costs_speed_not_pages(client, world, settings):
    """Production's Redis options (settings/production.py): unreachable, every cache operation is a miss,
    so pages and public forms keep working while /healthz reports the cache down."""
    from django.core.cache import cache

    from wucheng_site.public_forms import rate_limited

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    assert cache.get("anything") is None
    for url in ("/", world["story"].url, world["disclosure"].url):
        assert client.get(url).status_code == 200, url
    request = client.get("/").wsgi_request
    assert rate_limited(request, "outage-test", limit=1) is False
    assert client.get("/healthz").status_code == 503
