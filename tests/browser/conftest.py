"""Browser-test fixtures: Debian's Chromium via chromedriver, against a live server on the test database.

* Chromium is started headless, offline-safe (no background networking, QUIC, component updates or
  sync: the test machine has no network) and with a fresh temporary profile. The driver path is given
  to Selenium explicitly, so Selenium Manager never runs (and never tries to download a driver); it is
  patched to fail loudly should that ever change.
* The session's database holds only the site skeleton (tests/conftest.py). What these tests visit is
  the "browser world" (tests/browser/world.py): built once for the browser tests and committed, since a
  live server sees no test's transaction, and deleted again after the last of them, so the tests that
  come later start from the skeleton. The tests only read it, so they share it through one live server
  (``site_server``) instead of pytest-django's ``live_server``, which would make every test
  transactional and flush the database after it (the world, and the skeleton with Wagtail's root page,
  site and locales). A test that does need ``live_server`` can still be added: it is sorted after these.
* One JavaScript-enabled Chromium serves the whole session (its cookies are cleared before every test);
  a second one with JavaScript switched off is started only when a test asks for ``browser_without_js``.
* Both keep their console messages for ``driver.get_log("browser")`` (read and emptied by whoever
  reads it; the Content-Security-Policy tests do).

Run them alone with ``make test-browser`` (or ``.venv/bin/pytest -m browser``).
"""

import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import modify_settings
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.selenium_manager import SeleniumManager
from selenium.webdriver.support.ui import WebDriverWait
from wagtail.models import Page, Site

from tests.browser.world import build_world, remove_world, snapshot

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 900)
WAIT_SECONDS = 10

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
]


def _start_chromium(profile_dir, javascript=True):
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).is_file():
            pytest.fail(f"{binary} is missing: run tools/ensure-chromium.sh (or `make test-browser`).")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # Keep the console (``driver.get_log("browser")``): Chromium reports what a Content-Security-Policy
    # blocked only there (test_content_security_policy.py). Tests that never read it are unaffected.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER)
    # The explicit driver path means Selenium Manager is skipped; make sure it stays that way.
    with mock.patch.object(
        SeleniumManager,
        "binary_paths",
        side_effect=AssertionError("Selenium Manager must not run (it would try to download a driver)"),
    ):
        driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """A live server on the session's test database (the skeleton, and the browser world while the
    browser tests run).

    Not pytest-django's ``live_server``: that one makes every test transactional and flushes the
    database after each, so the skeleton and the world would have to be built again before every test,
    which takes seconds each time. These tests only read, so they share one copy and one server.
    """
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    allowed_hosts = modify_settings(ALLOWED_HOSTS={"append": server.thread.host})
    allowed_hosts.enable()
    yield server
    allowed_hosts.disable()
    server.stop()


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The browser world (tests/browser/world.py), committed before the first browser test and deleted
    after the last one (package scope: pytest tears it down as soon as the next test is outside
    tests/browser, so the tests sorted after the browser tests find the skeleton alone)."""
    with django_db_blocker.unblock():
        before = snapshot()
        try:
            built = build_world()
        except BaseException:
            remove_world(before)
            raise
    yield built
    with django_db_blocker.unblock():
        remove_world(before)
        cache.clear()


@pytest.fixture
def site_url(site_server, world, django_db_blocker):
    """The live server's URL; the browser world is there, and the server may use the database."""
    with django_db_blocker.unblock():
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or not Page.objects.filter(pk=world.federation.pk).exists():
            pytest.fail(
                "The browser world is missing from the test database: a test that flushes the database "
                "(live_server, transactional_db) ran before this one."
            )
        cache.clear()
        yield site_server.url


# Both Chromiums depend on the live server so that they quit before it stops: a keep-alive connection
# still open when the server's thread ends would use the shared SQLite connection from a dead thread.
@pytest.fixture(scope="session")
def _chromium(site_server):
    profile = tempfile.mkdtemp(prefix="wucheng-chromium-")
    driver = _start_chromium(profile)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def _chromium_without_js(site_server):
    profile = tempfile.mkdtemp(prefix="wucheng-chromium-nojs-")
    driver = _start_chromium(profile, javascript=False)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Browser:
    """A Chromium window on the live server: ``visit("/about/")``, ``url("/en/")``, ``.driver``."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    def url(self, path):
        return self.base_url + path

    def visit(self, path):
        self.driver.get(self.url(path))
        return self

    def path(self):
        """The current URL without the live server's origin (path and query)."""
        current = self.driver.current_url
        assert current.startswith(self.base_url), current
        return current[len(self.base_url) :]

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, message=""):
        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition, message)

    def click_and_wait_for_new_page(self, element):
        """Click something that loads a new document, and wait until that document is there."""
        old_html = self.driver.find_element("tag name", "html")
        element.click()
        self.wait(lambda d: _is_stale(old_html), "the click did not load a new page")
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def take_session(self, client):
        """Sign Chromium in as ``client`` is (a test client signed in by tests.factories.login: password
        and, where needed, the second factor), by handing it that session's cookie; the live server
        shares the test's database connection, so it sees the user and the session."""
        self.visit("/robots.txt")
        self.driver.add_cookie(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "path": "/",
                "httpOnly": True,
            }
        )
        return self

    def set_display_mode_cookie(self, mode):
        """Choose the display mode as a returning visitor would have it (the cookie of the mode form)."""
        if not self.driver.current_url.startswith(self.base_url):
            self.visit("/robots.txt")
        self.driver.add_cookie({"name": settings.DISPLAY_MODE_COOKIE, "value": mode, "path": "/"})


def _is_stale(element):
    try:
        element.is_enabled()
    except Exception:  # StaleElementReferenceException: the old document is gone.
        return True
    return False


def _clear_cookies(driver):
    # WebDriver's "delete all cookies" only covers the current document's domain; clear them all.
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


def _leave(driver):
    # Off the site (so no late request reaches the server once the test is over), no cookies left.
    driver.get("about:blank")
    _clear_cookies(driver)


def _fresh(driver, base_url):
    _clear_cookies(driver)
    driver.set_window_size(*WINDOW)
    driver.get("about:blank")
    return Browser(driver, base_url)


@pytest.fixture
def browser(_chromium, site_url):
    """Chromium with JavaScript, no cookies, desktop window size, on the live server."""
    yield _fresh(_chromium, site_url)
    _leave(_chromium)


@pytest.fixture
def browser_without_js(_chromium_without_js, site_url):
    """Chromium with JavaScript switched off (as some visitors and assistive set-ups have it)."""
    yield _fresh(_chromium_without_js, site_url)
    _leave(_chromium_without_js)
