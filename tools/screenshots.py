#!/usr/bin/env python3
"""Screenshots of every page type of a running site (`make run`), at desktop and phone width, into a
folder: for the "before" and "after" pictures of a change.

    .venv/bin/python tools/screenshots.py OUT [--base-url http://127.0.0.1:8000] [--mode large]
        [--account org --account reviewer] [--password wucheng-demo] [--only home,directory]

Pages are found as a visitor finds them, from the site's own links (the first organisation in the
directory, its first disclosure, the first story …), so the same command works on the demo content
before and after a redesign. ``--account`` also signs in to the admin and takes its dashboard; the
accounts that need a second factor get the code from ``--totp-secret`` (the published demo secret by
default, see README.md). Files are named ``<page>-<width>.png``; a page that cannot be found or does
not answer 200 is reported and skipped. Uses Debian's Chromium, as the browser tests do.
"""

import argparse
import base64
import hashlib
import hmac
import re
import struct
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from tests.browser.screenshots import WIDTHS, emulate, save_full_page  # noqa: E402

DEMO_TOTP_SECRET = "WUCHENGDEMOTOTPSECRETFORLOCALDEV"  # demo/home.py, published in README.md
DISPLAY_MODE_COOKIE = "wucheng_display"  # settings.DISPLAY_MODE_COOKIE (docs/display-mode.md)

# (file name, where): a path, or how a visitor gets there: {"from": a path or "@earlier page",
# "follow": link patterns, one per click (the first link that leads on is taken), "then": a path to
# add, "has": a CSS selector the page must show}.
PAGES = [
    ("home", "/"),
    ("directory", "/disclosures/"),
    ("organisation", {"from": "/disclosures/", "follow": [r"^/disclosures/(?!compliance/)[^/]+/$"]}),
    ("disclosure", {"from": "@organisation", "follow": [r"^/disclosures/[^/]+/[^/]+/$"]}),
    ("compliance-overview", "/disclosures/compliance/"),
    ("open-data", "/open-data/"),
    ("search-results", "/search/?q=%E6%85%88%E5%96%84"),  # 慈善
    ("stories", "/stories/"),
    ("story", {"from": "/stories/", "follow": [r"^/stories/(?!feed/)[^/?]+/$"]}),
    ("policies", "/policies/"),
    (
        "policy-tracker",
        {
            "from": "/policies/",
            "follow": [r"^/policies/[^/]+/$"],
            "then": "progress/",
            "has": "[id^=indicator-]",
        },
    ),
    ("awards", "/awards/"),
    ("award-edition", {"from": "/awards/", "follow": [r"^/awards/\d+/$"]}),
    ("award-winner", {"from": "/awards/", "follow": [r"^/awards/\d+/$", r"^/awards/\d+/winner[^/]*/$"]}),
    ("report-form", "/oversight/report/"),
    ("standard-page", "/about/"),
    ("en-home", "/en/"),
    ("en-directory", "/en/disclosures/"),
    (
        "en-organisation",
        {"from": "/en/disclosures/", "follow": [r"^/(en/)?disclosures/(?!compliance/)[^/]+/$"]},
    ),
]
# Links tried at each step before giving up.
TRIES = 8

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def totp(secret, at=None):
    """The current six-digit code of a base32 TOTP secret (RFC 6238: SHA-1, 30 s steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def start_chromium(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + [f"--user-data-dir={profile}", "--window-size=1280,900"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    return driver


def status(driver):
    return driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus")


def links(driver, base):
    """The paths (with query) of the current page's main-content links to the same site, in order."""
    host = urlsplit(base).netloc
    paths = []
    for a in driver.find_elements(By.CSS_SELECTOR, "main a[href]"):
        url = urlsplit(urljoin(driver.current_url, a.get_attribute("href") or ""))
        if url.netloc == host:
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return list(dict.fromkeys(paths))


def resolve(driver, base, where, found):
    """The path of a page: ``where`` as given, or found by following links (see PAGES)."""
    if isinstance(where, str):
        return where
    start = where["from"]
    if start.startswith("@"):
        start = found.get(start[1:])
        if start is None:
            return None
    return _follow(driver, base, start, where["follow"], where.get("then", ""), where.get("has"))


def _follow(driver, base, path, patterns, then, has):
    if not patterns:
        path += then
        driver.get(urljoin(base, path))
        ok = status(driver) == 200 and (not has or driver.find_elements(By.CSS_SELECTOR, has))
        return path if ok else None
    driver.get(urljoin(base, path))
    candidates = [link for link in links(driver, base) if re.match(patterns[0], link) and link != path]
    for candidate in candidates[:TRIES]:
        found = _follow(driver, base, candidate, patterns[1:], then, has)
        if found:
            return found
    return None


def shoot(driver, base, path, out, name):
    for width in WIDTHS:
        emulate(driver, width)
        driver.get(urljoin(base, path))
        code = status(driver)
        if code != 200:
            print(f"  {name}: {path} answered {code}; skipped", file=sys.stderr)
            return False
        file = save_full_page(driver, out / f"{name}-{width}.png", width)
        print(f"  {file.name}  {path}")
    return True


def sign_in(driver, base, username, password, secret):
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(urljoin(base, "/admin/login/"))
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(
        By.CSS_SELECTOR, "form.login-form button[type=submit], form.login-form button"
    ).click()
    time.sleep(1)
    if driver.find_elements(By.NAME, "code"):  # the second factor (docs/staff-sign-in.md)
        driver.find_element(By.NAME, "code").send_keys(totp(secret))
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit], form button").click()
        time.sleep(1)
    driver.get(urljoin(base, "/admin/"))
    return urlsplit(driver.current_url).path == "/admin/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files (created)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--mode", choices=["standard", "large"], default="standard")
    parser.add_argument("--account", action="append", default=[], help="sign in and take /admin/")
    parser.add_argument("--password", default="wucheng-demo")
    parser.add_argument("--totp-secret", default=DEMO_TOTP_SECRET)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    base = args.base_url.rstrip("/") + "/"
    only = set(filter(None, args.only.split(",")))
    suffix = "" if args.mode == "standard" else "-large"
    failures = 0
    with tempfile.TemporaryDirectory(prefix="wucheng-screenshots-") as profile:
        driver = start_chromium(profile)
        try:
            driver.get(urljoin(base, "/robots.txt"))
            driver.add_cookie({"name": DISPLAY_MODE_COOKIE, "value": args.mode, "path": "/"})
            found = {}
            for name, where in PAGES:
                emulate(driver, "desktop")
                path = resolve(driver, base, where, found)
                if path is None:
                    print(f"  {name}: no link found for {where}; skipped", file=sys.stderr)
                    failures += 1
                    continue
                found[name] = path
                if (not only or name in only) and not shoot(driver, base, path, args.out, name + suffix):
                    failures += 1
            for account in args.account:
                emulate(driver, "desktop")
                if not sign_in(driver, base, account, args.password, args.totp_secret):
                    print(f"  admin-{account}: could not sign in (at {driver.current_url})", file=sys.stderr)
                    failures += 1
                    continue
                if not shoot(driver, base, "/admin/", args.out, f"admin-{account}"):
                    failures += 1
        except WebDriverException as error:
            print(f"Chromium failed: {error}", file=sys.stderr)
            return 2
        finally:
            driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
