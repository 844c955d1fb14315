"""The production stack, checked from outside through its proxy (``make test-deploy``).

tools/test-deploy.sh brings up PostgreSQL, OpenSearch, Redis, gunicorn and nginx from deploy/ with the
production settings, sets the site up as production would (migrate, bootstrap_roles, setup_site,
collectstatic, the shared sample import, update_index) and runs these tests with STACK_URL. Content is
added by the stack's own Django (stack_actions.py) with the product's functions; everything else is
plain HTTP, as a visitor's browser or the monitoring would see it.
"""

import hashlib
import http.client
import json
import re
import time
from pathlib import Path

import pytest

from tests.deploy.stack import FIGURES, Stack, wait_for

pytestmark = pytest.mark.deploy

# Django's own headers: a response without them came from nginx alone.
DJANGO_HEADER = "Permissions-Policy"


@pytest.fixture(scope="session")
def stack():
    return Stack()


@pytest.fixture(scope="session")
def actions(stack):
    worker = stack.actions()
    yield worker
    worker.close()


@pytest.fixture(scope="session")
def content(actions):
    return actions.call("build")


def fresh(stack, path):
    """``path`` with no copy in the proxy (either display mode)."""
    stack.purge(path)
    stack.purge(path, large=True)
    return path


def never_shared(response):
    control = response.header("Cache-Control")
    return "private" in control or "no-store" in control


def html_lang(response):
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.text)
    return match and match.group(1)


# --- pages and the cache --------------------------------------------------------------------------


def test_home_and_section_pages_answer_in_both_languages(stack, content):
    assert "/" in content["pages"] and "/en/" in content["pages"]
    assert len(content["pages"]) >= 12, content["pages"]  # two homes and their sections
    for path in content["pages"]:
        response = stack.get(path)
        assert response.status == 200, (path, response.status)
        assert html_lang(response) == ("en" if path.startswith("/en/") else "zh-hans"), path


def test_the_second_get_of_a_public_page_is_a_cache_hit(stack, content):
    path = fresh(stack, content["disclosure_index"])
    first, second = stack.get(path), stack.get(path)
    assert first.status == second.status == 200
    assert first.cache == "MISS"
    assert second.cache == "HIT"
    assert second.body == first.body
    control = second.header("Cache-Control")
    assert "public" in control, control
    assert int(re.search(r"s-maxage=(\d+)", control).group(1)) > 0, control


def test_pages_are_compressed_and_carry_a_request_id(stack):
    response = stack.get("/", {"Accept-Encoding": "gzip"})
    assert response.header("Content-Encoding") == "gzip"
    assert re.fullmatch(r"[0-9a-f]{32}", response.header("X-Request-ID")), response.all("X-Request-ID")


PRIVATE_PAGES = {
    "admin sign-in": "/admin/login/",
    "search with a query": "/search/?q=%E6%85%88%E5%96%84",
    "English search with a query": "/en/search/?q=charity",
    "search suggestions": "/search/suggest/?q=%E6%85%88",
    "health": "/healthz",
}


@pytest.mark.parametrize("path", PRIVATE_PAGES.values(), ids=PRIVATE_PAGES.keys())
def test_private_answers_are_never_cached(stack, path):
    responses = [stack.get(path) for _ in range(3)]
    for response in responses:
        assert response.cache != "HIT", (path, response.status)
        assert never_shared(response), (path, response.header("Cache-Control"))


def test_a_form_page_is_never_cached(stack):
    redirect = stack.get("/report-a-concern/")
    assert redirect.status in (301, 302), redirect.status
    form = urlpath(redirect.header("Location"))
    responses = [stack.get(form) for _ in range(3)]
    assert all(response.status == 200 for response in responses)
    assert 'name="csrfmiddlewaretoken"' in responses[0].text
    for response in responses:
        assert response.cache != "HIT"
        assert never_shared(response), response.header("Cache-Control")


def test_no_response_that_sets_a_cookie_is_stored(stack, content):
    paths = ["/admin/login/", urlpath(stack.get("/report-a-concern/").header("Location")), *content["pages"]]
    for path in paths:
        first, second = stack.get(path), stack.get(path)
        if first.all("Set-Cookie"):
            assert never_shared(first), (path, first.header("Cache-Control"))
            assert second.cache != "HIT", path


@pytest.mark.parametrize(
    "headers",
    [{"Cookie": "sessionid=abc"}, {"Authorization": "Basic YTpi"}],
    ids=["session", "authorization"],
)
def test_a_signed_in_request_bypasses_the_cache(stack, content, headers):
    path = content["story_index"]
    stack.get(path)
    assert stack.get(path).cache == "HIT"
    response = stack.get(path, headers)
    assert response.status == 200
    assert response.cache == "BYPASS"
    # … and what it got is not stored for the next visitor either.
    assert stack.get(path).cache == "HIT"


def test_a_visitor_who_once_opened_a_form_still_gets_cached_pages(stack, content):
    """The CSRF cookie changes no public page; form pages themselves set it and are never stored."""
    path = content["story_index"]
    stack.get(path)
    response = stack.get(path, {"Cookie": "csrftoken=abc"})
    assert response.status == 200
    assert response.cache == "HIT"


def test_the_large_display_mode_is_cached_apart_from_the_standard_one(stack):
    path = fresh(stack, "/")
    large = {"Cookie": "wucheng_display=large"}
    standard = stack.get(path)
    first_large = stack.get(path, large)
    assert (standard.cache, first_large.cache) == ("MISS", "MISS")
    assert 'class="mode-standard"' in standard.text
    assert 'class="mode-large"' in first_large.text
    again_standard, again_large = stack.get(path), stack.get(path, large)
    assert (again_standard.cache, again_large.cache) == ("HIT", "HIT")
    assert 'class="mode-standard"' in again_standard.text
    assert 'class="mode-large"' in again_large.text
    # Any other value is the standard page.
    assert stack.get(path, {"Cookie": "wucheng_display=huge"}).cache == "HIT"


# --- static files and pictures: nginx alone -------------------------------------------------------


def test_static_files_come_from_nginx_with_a_long_lifetime(stack):
    home = stack.get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
    response = stack.get(stylesheet, {"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert not response.all(DJANGO_HEADER) and not response.cache
    assert "max-age=31536000" in response.header("Cache-Control")


def test_a_story_picture_is_served_by_nginx(stack, content):
    page = stack.get(content["story"]["url"])
    assert page.status == 200
    pictures = re.findall(r'<img[^>]+src="(/media/images/[^"]+)"', page.text)
    assert pictures, "the story shows no rendition under /media/images/"
    response = stack.get(pictures[0])
    assert response.status == 200
    assert response.header("Content-Type").startswith("image/")
    assert response.body[:8] == b"\x89PNG\r\n\x1a\n" or response.body[:3] == b"\xff\xd8\xff"
    # From nginx's /media/images/ location, not through gunicorn.
    assert not response.all(DJANGO_HEADER) and not response.cache
    assert "sandbox" in response.header("Content-Security-Policy")


def test_originals_documents_and_everything_else_under_media_are_not_served(stack, content):
    paths = [
        content["original_image"],
        content["published_document"]["media"],
        content["unpublished_document"]["media"],
        "/media/",
        "/media/documents/",
        "/media/original_images/",
        "/media/images/../original_images/" + content["original_image"].rsplit("/", 1)[1],
        "/media/images/%2e%2e/documents/" + content["published_document"]["media"].rsplit("/", 1)[1],
    ]
    for path in paths:
        assert stack.get(path).status == 404, path


# --- documents ------------------------------------------------------------------------------------


def test_a_published_document_is_sent_by_nginx_after_the_sites_check(stack, content):
    document = content["published_document"]
    response = stack.get(document["url"])
    assert response.status == 200, response.status
    assert hashlib.sha256(response.body).hexdigest() == document["sha256"]
    assert not response.all("X-Accel-Redirect")
    # The bytes came from nginx's internal location (its headers), after Django said yes.
    assert "sandbox" in response.header("Content-Security-Policy"), "Django streamed the file itself"
    assert response.cache != "HIT" and stack.get(document["url"]).cache != "HIT"


def test_an_unpublished_document_is_not_found_by_any_path(stack, content):
    document = content["unpublished_document"]
    name = document["media"].removeprefix("/media/")
    for path in (document["url"], document["media"], "/_protected_media/" + name):
        response = stack.get(path)
        assert response.status == 404, (path, response.status)
        assert not response.body.startswith(b"%PDF")


def test_the_internal_location_is_not_reachable_from_outside(stack, content):
    name = content["published_document"]["media"].removeprefix("/media/")
    assert stack.get("/_protected_media/" + name).status == 404


def test_private_media_is_unreachable_by_any_guessed_url(stack, content):
    name = content["private_file"]["name"]
    secret = content["private_file"]["secret"].encode()
    guesses = [
        f"/private-media/{name}",
        f"/media/../private-media/{name}",
        f"/media/%2e%2e/private-media/{name}",
        f"/media/images/../../private-media/{name}",
        f"/static/../private-media/{name}",
        f"/_protected_media/../private-media/{name}",
        f"/_protected_media/{name}",
        f"/media/{name}",
        f"/documents/../private-media/{name}",
    ]
    for path in guesses:
        response = stack.get(path)
        assert response.status in (400, 403, 404), (path, response.status)
        assert secret not in response.body, path


# --- purge on publish -----------------------------------------------------------------------------


def test_a_publish_is_visible_through_the_proxy_within_a_second(stack, content, actions):
    story = content["story"]
    listing = content["story_index"]
    for path in (story["url"], listing):
        stack.get(path)
        assert stack.get(path).cache == "HIT", path
    new_title = f"{story['title']}（已更新{time.time_ns() % 10**6}）"
    published = actions.call("publish", page=story["id"], title=new_title)

    def shows_new_title():
        response = stack.get(story["url"])
        return response if new_title in response.text else None

    response, seconds = wait_for(shows_new_title, timeout=5)
    FIGURES.append(
        f"publish → visible through the proxy: {seconds * 1000:.0f} ms after publish() returned "
        f"(publish() itself, purges included: {published['publish_seconds'] * 1000:.0f} ms)"
    )
    assert response is not None, "the proxy still serves the old page after 5 s"
    assert seconds <= 1.0
    # The section listing that shows the story was purged with it.
    assert new_title in stack.get(listing).text


def test_an_unpublished_page_leaves_the_proxy_and_the_listing(stack, content, actions):
    story = content["spare_story"]
    listing = content["story_index"]
    for path in (story["url"], listing):
        stack.get(path)
        assert stack.get(path).cache == "HIT", path
    assert story["title"] in stack.get(listing).text
    actions.call("unpublish", page=story["id"])
    gone, _seconds = wait_for(lambda: stack.get(story["url"]).status == 404, timeout=2)
    assert gone, "the unpublished story is still served from the cache"
    assert story["title"] not in stack.get(listing).text


# --- error pages, health, the deploy check --------------------------------------------------------


def test_the_404_page_is_the_sites_own_in_chinese_and_english(stack):
    chinese = stack.get("/no-such-page-for-the-deploy-check/")
    assert chinese.status == 404
    assert html_lang(chinese) == "zh-hans"
    assert "页面不存在" in chinese.text
    english = stack.get("/en/no-such-page-for-the-deploy-check/")
    assert english.status == 404
    assert "Page not found" in english.text


def test_the_500_page_is_the_sites_own_and_never_cached(actions):
    response = actions.call("render_500")
    assert response["status"] == 500
    assert "服务暂时不可用" in response["body"]
    assert "public" not in response["cache_control"], response["cache_control"]


def test_healthz_reports_every_service_ok(stack):
    response = stack.get("/healthz")
    assert response.status == 200, response.text
    assert json.loads(response.body) == {"database": "ok", "search": "ok", "cache": "ok"}


def test_check_deploy_passes_with_the_production_values(stack):
    output, status = stack_step(stack, "check-deploy")
    assert status == "0", output
    assert "System check identified no issues" in output


SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "disclosures-sample.jsonl"


@pytest.mark.skipif(not SAMPLE.exists(), reason=f"no shared sample at {SAMPLE}")
def test_the_shared_sample_was_imported_and_its_organisations_are_listed(stack, content):
    output, status = stack_step(stack, "import")
    assert status == "0", output
    names = {json.loads(line)["organization"]["name"] for line in SAMPLE.read_text().splitlines() if line}
    directory = stack.get(content["disclosure_index"]).text
    assert names and all(name in directory for name in names), names


def stack_step(stack, name):
    """Output and exit status of a set-up step tools/test-deploy.sh kept (check-deploy, import)."""
    folder = Path(stack.environment()["MEDIA_ROOT"]).parent
    return (folder / f"{name}.txt").read_text(encoding="utf-8"), (
        folder / f"{name}.status"
    ).read_text().strip()


# --- the proxy itself -----------------------------------------------------------------------------


def test_other_host_names_never_reach_the_site(stack):
    with pytest.raises(http.client.RemoteDisconnected):
        stack.get("/", host="attacker.example")


def test_a_visitors_port_in_the_host_header_never_reaches_a_page(stack):
    fresh(stack, "/robots.txt")
    poisoned = stack.get("/robots.txt", host=f"{stack.host}:6666")
    assert poisoned.status == 200
    assert f"{stack.host}:{stack.port}/sitemap.xml" in poisoned.text, poisoned.text
    assert ":6666" not in stack.get("/robots.txt").text


def test_the_purge_port_takes_only_purge(stack):
    assert stack.request("GET", "/", port=stack.purge_port).status == 405
    assert stack.purge("/no-copy-of-this-page/") == 404


def urlpath(location):
    """The path (and query) of a Location header, absolute or not."""
    return re.sub(r"^https?://[^/]+", "", location)
