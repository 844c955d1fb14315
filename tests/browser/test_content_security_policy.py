"""Content-Security-Policy as Chromium enforces it: nothing on the public site or in the admin is blocked.

Django's test client sees the header (tests/wucheng_site/test_security_headers.py) but not what a browser
refuses under it, nor what breaks when it does: an inline ``<script>`` that is blocked leaves a widget
without its JavaScript, and the page still answers 200. Chromium reports every refusal (inline script
or style, image, font, frame, fetch; in the page, its frames and whatever scripts add later) as a
"security" message on its console, which the browser fixture keeps (tests/browser/conftest.py). Each
test reads that console after the page has loaded, its images have come in and the test has used it,
and fails on any Content-Security-Policy message, naming the directive and what it blocked.

The policies are those of wucheng_site/security_headers.py: the public site allows scripts, styles and
fonts from the site only; the admin also allows inline styles, ``data:`` and ``blob:`` images, but no
inline script. Every page is first checked to be served under such a policy (else a missing header
would make every check pass), and the last tests prove the check catches a violation.
"""

import re
import urllib.parse

import pytest
from django.test import Client
from django.urls import reverse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from tests.factories import login, make_user

# What to visit: a path, or where to find it in the browser world (tests/browser/world.py).
PUBLIC_PAGES = {
    "home page": "/",
    "English home page": "/en/",
    "directory of organisations": "/disclosures/",
    "organisation profile": lambda world: world.federation.url,
    # Has an attachment and a related disclosure.
    "disclosure": lambda world: world.progress_report.url,
    "story with a gallery": lambda world: world.gallery_story.url,
    "search results": "/search/?q=慈善",
    "report-a-concern form": "/oversight/report/",
}


def public_path(name, world):
    path = PUBLIC_PAGES[name]
    return path if isinstance(path, str) else path(world)


ADMIN_PAGES = {
    "dashboard": lambda home: reverse("wagtailadmin_home"),
    "page explorer": lambda home: reverse("wagtailadmin_explore", args=[home.pk]),
    "image listing": lambda home: reverse("wagtailimages:index"),
    "user listing": lambda home: reverse("wagtailusers_users:index"),
}

# Wait until the page is quiet: every image requested (lazy ones too) and loaded or failed, and no new
# request for a while; then back to the top. Gives up quietly after about five seconds.
SETTLE = """
const done = arguments[arguments.length - 1];
performance.setResourceTimingBufferSize(100000);
document.querySelectorAll("img[loading=lazy]").forEach(img => { img.loading = "eager"; });
window.scrollTo(0, document.documentElement.scrollHeight);
let last = -1, quiet = 0, ticks = 0;
const tick = () => {
  const count = performance.getEntriesByType("resource").length;
  const loaded = document.readyState === "complete" && [...document.images].every(img => img.complete);
  quiet = loaded && count === last ? quiet + 1 : 0;
  last = count;
  if (quiet >= 3 || ++ticks > 50) { window.scrollTo(0, 0); done(quiet >= 3); } else { setTimeout(tick, 100); }
};
tick();
"""

# The Content-Security-Policy header this document was served with (asked for again: a page cannot
# read its own response headers).
SERVED_POLICY = """
const done = arguments[arguments.length - 1];
fetch(location.href, {credentials: "same-origin", cache: "no-store"})
  .then(response => done({status: response.status, policy: response.headers.get("content-security-policy")}))
  .catch(error => done({error: String(error)}));
"""


# The inline scripts of the document (also those inside <template>s, which scripts copy into the page
# later), by their SHA-256 in base64 as Chromium names them in a violation: {hash: first words}.
INLINE_SCRIPTS = """
const done = arguments[arguments.length - 1];
const texts = [];
const collect = root => {
  root.querySelectorAll("script:not([src])").forEach(script => texts.push(script.textContent));
  root.querySelectorAll("template").forEach(template => collect(template.content));
};
collect(document);
const sha256 = async text => btoa(String.fromCharCode(
  ...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))));
Promise.all(texts.map(async text => [await sha256(text), text.trim().replace(/\\s+/g, " ").slice(0, 140)]))
  .then(pairs => done(Object.fromEntries(pairs)))
  .catch(() => done({}));
"""


def console(browser):
    """Chromium's console messages since the last call (reading them empties the log)."""
    return browser.driver.get_log("browser")


def csp_violations(entries):
    """The console messages in which Chromium says it blocked something under a Content-Security-Policy,
    once each, in order."""
    messages = [
        entry["message"]
        for entry in entries
        if entry.get("source") == "security" and "Content Security Policy" in entry["message"]
    ]
    return list(dict.fromkeys(messages))


def describe(violations, browser):
    """One line per violation; a blocked inline script is followed by its first words, found by the
    hash Chromium gives (the line number alone is hard to find again)."""
    scripts = browser.driver.execute_async_script(INLINE_SCRIPTS)
    lines = []
    for message in violations:
        lines.append("- " + message.replace(browser.base_url, ""))
        digest = re.search(r"'sha256-([^']+)'", message)
        if digest and "inline script" in message and digest.group(1) in scripts:
            lines.append(f"    the script: {scripts[digest.group(1)]}")
    return "\n".join(lines)


def assert_no_violations(browser, where):
    violations = csp_violations(console(browser))
    if violations:
        pytest.fail(
            f"Chromium blocked {len(violations)} thing(s) under the Content-Security-Policy on {where} "
            "(each: the document or script that asked, its line, then what was blocked and which "
            "directive refused it):\n" + describe(violations, browser),
            pytrace=False,
        )


def settle(browser):
    browser.driver.execute_async_script(SETTLE)


def directives(policy):
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name.lower()] = values
    return parsed


def served_policy(browser):
    result = browser.driver.execute_async_script(SERVED_POLICY)
    assert "error" not in result, result["error"]
    assert result["policy"], f"{browser.path()} is served without a Content-Security-Policy"
    return directives(result["policy"])


def assert_under_intended_policy(browser, admin=False):
    """The page is served under the policy these tests are about; without it every check would pass."""
    policy = served_policy(browser)
    where = browser.path()
    # Wagtail 8.0.1's admin writes inline scripts (date inputs, choosers, inline panels), so the admin
    # allows them; the public site does not (wucheng_site/security_headers.py).
    scripts = ["'self'", "'unsafe-inline'"] if admin else ["'self'"]
    assert policy.get("script-src") == scripts, f"{where}: script-src is {policy.get('script-src')}"
    assert policy.get("object-src") == ["'none'"], f"{where}: object-src is {policy.get('object-src')}"
    for name in ("default-src", "connect-src", "font-src", "img-src"):
        assert policy.get(name) and policy[name][0] == "'self'", f"{where}: {name} is {policy.get(name)}"
        assert not {"*", "https:", "http:"} & set(policy[name]), f"{where}: {name} is {policy[name]}"
    if not admin:
        assert policy.get("style-src") == ["'self'"], f"{where}: style-src is {policy.get('style-src')}"
    return policy


def visit(browser, path):
    """Open ``path`` with an empty console, check that it answered 200, and wait until it is quiet."""
    console(browser)
    browser.visit(path)
    status = browser.js("return performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == 200, f"{path} answered {status} (now at {browser.path()})"
    settle(browser)


def scroll_to(browser, element):
    # "instant": the admin scrolls smoothly, and a click during the scroll lands on the sticky footer.
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    return element


# The public site ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("page", PUBLIC_PAGES.keys())
def test_public_page_runs_under_the_strict_policy_without_violations(browser, world, page):
    path = public_path(page, world)
    visit(browser, path)
    assert_under_intended_policy(browser)
    assert_no_violations(browser, path)


@pytest.mark.browser
def test_search_suggestions_work_under_the_public_policy(browser):
    """The one script of the public site fetches suggestions as the visitor types (connect-src)."""
    visit(browser, "/search/?q=慈善")
    search_box = browser.driver.find_element(By.CSS_SELECTOR, "input[data-suggest-url]")
    search_box.clear()
    search_box.send_keys("慈善")
    list_id = search_box.get_dom_attribute("list")
    browser.wait(
        lambda d: d.execute_script(f"return document.getElementById('{list_id}').options.length") > 0,
        "no search suggestions arrived",
    )
    assert_no_violations(browser, "the search page while typing")


# The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_browser(browser, db):
    """Chromium signed in as a superuser, with the second factor given, as staff sign in.

    The session is made by a test client through tests.factories.login (password and TOTP, as the
    sign-in pages record them) and handed to Chromium as its cookie; the live server shares the test's
    database connection, so it sees the user and the session.
    """
    client = Client()
    login(client, make_user("admin", superuser=True))
    browser.take_session(client)
    yield browser
    # Leave the admin before ``db`` rolls the test back: an editor page left open keeps talking to the
    # server (editing-session pings, autosave), and a request landing after the rollback would use the
    # connection the live server shares with the next test.
    browser.driver.get("about:blank")


@pytest.fixture
def disclosure(db, world):
    """The world's disclosure with an attachment and a related disclosure (the public "disclosure")."""
    from disclosures.models import DisclosurePage

    return DisclosurePage.objects.get(pk=world.progress_report.pk)


def open_editor(browser, disclosure):
    """The disclosure's edit page, loaded and quiet, with an empty console."""
    visit(browser, reverse("wagtailadmin_pages:edit", args=[disclosure.pk]))
    assert browser.path().startswith(reverse("wagtailadmin_pages:edit", args=[disclosure.pk])), (
        f"not signed in to the admin: at {browser.path()}"
    )
    return browser


def rich_text_editor(browser):
    """The Draftail editor of the disclosure's text (field ``body``), once it has been drawn."""
    browser.wait(
        lambda d: d.execute_script(
            "return !!document.getElementById('id_body').parentElement.querySelector('.Draftail-Editor')"
        ),
        "the rich text editor did not appear",
    )
    return browser.js(
        "return document.getElementById('id_body').parentElement.querySelector('.Draftail-Editor')"
    )


def type_into(browser, editor, text):
    content = scroll_to(browser, editor.find_element(By.CSS_SELECTOR, "[contenteditable=true]"))
    content.click()
    ActionChains(browser.driver).key_down(Keys.CONTROL).send_keys(Keys.END).key_up(Keys.CONTROL).perform()
    content.send_keys(text)
    return content


def select_last_character(browser):
    ActionChains(browser.driver).key_down(Keys.SHIFT).send_keys(Keys.ARROW_LEFT).key_up(Keys.SHIFT).perform()


def toolbar_button(browser, editor, name):
    """A button of the editor's toolbar (shown over a selection): LINK, DOCUMENT, BOLD …"""
    return browser.wait(
        lambda d: next(
            (b for b in editor.find_elements(By.CSS_SELECTOR, f"button[name={name}]") if b.is_displayed()),
            False,
        ),
        f"the editor's {name} button did not appear",
    )


def open_modal(browser, button):
    button.click()
    return browser.wait(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".modal .modal-body")), "no modal opened"
    )


@pytest.mark.browser
@pytest.mark.parametrize("page", ADMIN_PAGES.keys())
def test_admin_page_runs_under_the_admin_policy_without_violations(admin_browser, home, page):
    """``home``: the Chinese home page (tests/conftest.py), whose children the explorer lists."""
    path = ADMIN_PAGES[page](home)
    visit(admin_browser, path)
    assert admin_browser.path().startswith(path), f"not signed in to the admin: at {admin_browser.path()}"
    assert_under_intended_policy(admin_browser, admin=True)
    assert_no_violations(admin_browser, f"the admin's {page} ({path})")


@pytest.mark.browser
def test_wagtail_userbar_on_a_public_page_runs_under_the_strict_policy(admin_browser, world):
    """Signed-in staff see Wagtail's userbar on the public site, under the public (strict) policy."""
    path = public_path("disclosure", world)
    visit(admin_browser, path)
    assert_under_intended_policy(admin_browser)
    trigger = admin_browser.js(
        "return document.querySelector('wagtail-userbar')?.shadowRoot.querySelector('button')"
    )
    assert trigger is not None, "no Wagtail userbar for a signed-in superuser"

    trigger.click()
    admin_browser.wait(
        lambda d: trigger.get_dom_attribute("aria-expanded") == "true", "the userbar did not open"
    )
    settle(admin_browser)

    assert_no_violations(admin_browser, f"{path} with Wagtail's userbar open")


@pytest.mark.browser
def test_disclosure_editor_loads_and_takes_typing_without_violations(admin_browser, disclosure):
    open_editor(admin_browser, disclosure)
    assert_under_intended_policy(admin_browser, admin=True)
    editor = rich_text_editor(admin_browser)

    content = type_into(admin_browser, editor, "善")

    assert "善" in content.text
    admin_browser.wait(
        lambda d: "善" in d.execute_script("return document.getElementById('id_body').value"),
        "what was typed did not reach the form field",
    )
    settle(admin_browser)
    assert_no_violations(admin_browser, "the disclosure's edit page")


@pytest.mark.browser
def test_document_chooser_opened_from_the_rich_text_editor_causes_no_violations(admin_browser, disclosure):
    open_editor(admin_browser, disclosure)
    editor = rich_text_editor(admin_browser)
    type_into(admin_browser, editor, "附")
    select_last_character(admin_browser)
    button = toolbar_button(admin_browser, editor, "DOCUMENT")
    console(admin_browser)  # Only what opening and using the chooser brings counts here.

    modal = open_modal(admin_browser, button)
    # Its search (results come back by fetch) and its upload form.
    modal.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys("年")
    settle(admin_browser)
    modal.find_element(By.CSS_SELECTOR, "a[href$='#tab-upload']").click()
    admin_browser.wait(
        lambda d: modal.find_element(By.CSS_SELECTOR, "input[type=file]").is_displayed(),
        "the chooser's upload form did not show",
    )
    settle(admin_browser)

    assert_no_violations(admin_browser, "the document chooser opened from the rich text editor")


@pytest.mark.browser
def test_page_chooser_opened_from_the_rich_text_editor_causes_no_violations(admin_browser, disclosure):
    open_editor(admin_browser, disclosure)
    editor = rich_text_editor(admin_browser)
    type_into(admin_browser, editor, "见")
    select_last_character(admin_browser)
    button = toolbar_button(admin_browser, editor, "LINK")
    console(admin_browser)

    modal = open_modal(admin_browser, button)
    # Down one level (the chooser loads the home page's children into the modal) …
    down = admin_browser.wait(
        EC.element_to_be_clickable((By.CSS_SELECTOR, ".modal a.navigate-pages")), "no page to open"
    )
    down.click()
    admin_browser.wait(EC.staleness_of(down), "the chooser did not open the page's children")
    settle(admin_browser)
    # … and a search.
    modal.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys("年度")
    settle(admin_browser)

    assert_no_violations(admin_browser, "the page chooser opened from the rich text editor")


# The check itself --------------------------------------------------------------------------------

ADD_INLINE_CODE = """
const script = document.createElement("script");
script.textContent = "window.inlineScriptRan = true;";
document.body.append(script);
const styled = document.createElement("div");
styled.innerHTML = '<p style="color: red">inline style</p>';
document.body.append(styled);
const image = new Image();
image.src = "https://images.example.org/tracker.png";
document.body.append(image);
"""


ADD_FOREIGN_SCRIPT = """
const foreign = document.createElement("script");
foreign.src = "https://scripts.example.org/x.js";
document.body.append(foreign);
"""


def report_of_violations(browser, where):
    """The failure ``assert_no_violations`` gives now (it must give one)."""
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_violations(browser, where)
    return str(failure.value)


@pytest.mark.browser
def test_check_catches_an_inline_script_while_the_page_is_parsed(browser):
    """A violation during parsing, before any script of the page could listen for one, is caught too."""
    visit(browser, "/")
    # The site's own public policy, in a <meta> (which cannot carry frame-ancestors: left out).
    policy = served_policy(browser)
    meta_policy = "; ".join(
        f"{name} {' '.join(values)}" for name, values in policy.items() if name != "frame-ancestors"
    )
    document = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{meta_policy}">'
        '<title>test</title></head><body><p style="color: red">inline style</p>'
        "<script>document.title = 'inline script ran'</script></body></html>"
    )
    console(browser)

    browser.driver.get("data:text/html;charset=utf-8," + urllib.parse.quote(document))

    assert browser.driver.title == "test", "the inline script ran despite the policy"
    report = report_of_violations(browser, "a document under the public policy")
    assert "inline script" in report and "script-src 'self'" in report, report
    assert "inline style" in report and "style-src 'self'" in report, report


@pytest.mark.browser
def test_check_catches_inline_code_and_foreign_images_added_to_a_public_page(browser):
    visit(browser, "/")
    console(browser)

    browser.js(ADD_INLINE_CODE)
    settle(browser)

    assert browser.js("return window.inlineScriptRan === undefined"), (
        "the inline script ran despite the policy"
    )
    report = report_of_violations(browser, "the home page")
    assert "inline script" in report and "script-src 'self'" in report, report
    assert "inline style" in report and "style-src 'self'" in report, report
    assert "images.example.org" in report and "img-src 'self'" in report, report
    # The failure names a blocked inline script by its first words.
    assert "the script: window.inlineScriptRan = true;" in report, report


@pytest.mark.browser
def test_check_catches_code_from_other_origins_added_to_an_admin_page(admin_browser):
    """The admin allows inline scripts and styles (Wagtail and Draftail write them), but nothing from
    another origin: a script or an image from elsewhere is a violation."""
    visit(admin_browser, reverse("wagtailadmin_home"))
    console(admin_browser)

    admin_browser.js(ADD_INLINE_CODE + ADD_FOREIGN_SCRIPT)
    settle(admin_browser)

    assert admin_browser.js("return window.foreignScriptRan === undefined"), "the foreign script ran"
    report = report_of_violations(admin_browser, "the dashboard")
    assert "scripts.example.org" in report and "script-src" in report, report
    assert "images.example.org" in report and "img-src" in report, report
    assert "inline style" not in report and "inline script" not in report, report
