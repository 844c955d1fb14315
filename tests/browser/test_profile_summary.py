"""The organisation profile answers at a glance (issue 16): its summary card is on the first screen of
a desktop and a phone, a warning about a listed organisation with it; the contents list jumps to each
section, stays beside them on a desktop (sticky) and flows above them on a phone, with or without
JavaScript. Visits the browser world's profiles (tests/browser/world.py): the federation won an award,
the mutual-aid society is on the serious-violation list."""

import pytest

from tests.browser.test_accessibility import AXE_JS, axe_violations, describe

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
SIZES = ["desktop", "phone"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run tools/a11y/install.sh (or `make test-browser`).")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(params=SIZES)
def screen(request, browser):
    """The browser at a desktop window (1280×900) or on a phone-sized screen."""
    if request.param == "phone":
        browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield request.param
    if request.param == "phone":
        browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def box(browser, selector):
    """The element's box relative to the viewport, and the viewport's height."""
    return browser.js(
        "const e = document.querySelector(arguments[0]); if (!e) return null;"
        "const r = e.getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, height: r.height, viewport: window.innerHeight,"
        " position: getComputedStyle(e).position};",
        selector,
    )


def assert_on_first_screen(browser, selector, screen):
    """The element is entirely within the first screen (the page not scrolled)."""
    assert browser.js("return window.scrollY") == 0
    found = box(browser, selector)
    assert found is not None, f"{selector} is not on the page"
    assert found["height"] > 0 and found["top"] >= 0 and found["bottom"] <= found["viewport"], (
        f"{selector} is not on the first {screen} screen: {found}"
    )


@pytest.mark.browser
def test_the_summary_card_is_on_the_first_screen(browser, world, screen):
    browser.visit(world.federation.url)
    # The record badge and both latest reports are what visitors come for: they are seen unscrolled.
    for selector in (
        ".profile-summary__record",
        ".profile-summary__facts > div:nth-child(2)",
        ".profile-summary__facts > div:nth-child(3)",
    ):
        assert_on_first_screen(browser, selector, screen)
    # The award is in the card; on a desktop, the whole card is on the first screen.
    assert browser.js("return document.querySelector('.profile-summary__awards a') !== null")
    if screen == "desktop":
        assert_on_first_screen(browser, ".profile-summary", screen)


@pytest.mark.browser
def test_a_serious_violation_listing_is_seen_on_the_first_screen(browser, world, screen):
    browser.visit(world.mutual_aid.url)
    assert_on_first_screen(browser, ".profile-warning", screen)
    text = browser.js("return document.querySelector('.profile-warning').innerText")
    assert "风险提示" in text and "严重违法失信名单" in text
    # Not colour alone: the warning has a thick border as well as its tint.
    border = browser.js("return getComputedStyle(document.querySelector('.profile-warning')).borderLeftWidth")
    assert float(border.removesuffix("px")) >= 6


def contents_links(browser):
    return browser.js(
        "return [...document.querySelectorAll('nav.profile__toc a')].map(a => a.getAttribute('href'))"
    )


def jump(browser, target):
    """Click the contents link to ``target`` ("#id") and return the section's box afterwards."""
    link = browser.driver.find_element("css selector", f'nav.profile__toc a[href="{target}"]')
    browser.js("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    browser.wait(lambda d: d.execute_script("return location.hash") == target, f"no jump to {target}")
    return box(browser, target)


@pytest.mark.browser
def test_the_contents_jump_to_each_section(browser, world, screen):
    browser.visit(world.federation.url)
    targets = contents_links(browser)
    assert targets[0] == "#disclosures" and "#compliance" in targets and "#oversight" in targets
    for target in targets:
        section = jump(browser, target)
        assert section is not None, f"{target} leads nowhere"
        # The section starts at the top of the screen (the last ones, at the foot of the page, as
        # high as the page lets them go: at least on screen).
        assert -2 <= section["top"] < section["viewport"], (target, section)
        at_bottom = browser.js(
            "return Math.ceil(window.scrollY + innerHeight) >= document.documentElement.scrollHeight"
        )
        assert section["top"] <= 2 or at_bottom, (target, section)


@pytest.mark.browser
def test_the_contents_stay_in_view_on_a_desktop_and_flow_on_a_phone(browser, world, screen):
    browser.visit(world.federation.url)
    jump(browser, "#compliance")
    nav = box(browser, "nav.profile__toc")
    if screen == "desktop":
        assert nav["position"] == "sticky"
        assert 0 <= nav["top"] < nav["viewport"], f"the contents scrolled away on a desktop: {nav}"
    else:
        assert nav["position"] == "static"
        assert nav["bottom"] < 0, f"the contents should have scrolled away with the page on a phone: {nav}"


@pytest.mark.browser
def test_the_contents_work_without_javascript(browser_without_js, world):
    browser = browser_without_js
    browser.visit(world.federation.url)
    link = browser.driver.find_element("css selector", 'nav.profile__toc a[href="#finances"]')
    link.click()
    assert browser.driver.current_url.endswith("#finances")
    heading = browser.driver.find_element("id", "finances-title")
    assert heading.is_displayed()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["standard", "large"])
def test_the_profile_fits_a_phone_screen_without_horizontal_scrolling(browser, world, mode):
    # A page wider than the phone is shown zoomed out, and the summary card with it.
    browser.set_display_mode_cookie(mode)
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        for organisation in (world.federation, world.mutual_aid):
            browser.visit(organisation.url)
            widths = browser.js(
                "const root = document.documentElement;"
                "return {scroll: root.scrollWidth, client: root.clientWidth,"
                " wider: [...document.body.querySelectorAll('*')]"
                "   .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5"
                "     && !e.closest('.table-scroll'))"
                "   .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 10)};"
            )
            assert widths["scroll"] <= widths["client"], (organisation.title, mode, widths)
    finally:
        browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["standard", "large"])
def test_the_profile_with_its_summary_card_has_no_wcag_21_aa_violations(
    browser, world, axe_source, screen, mode
):
    # The federation's profile has the chart, the award and the contents; the mutual-aid society's
    # the warning.
    browser.set_display_mode_cookie(mode)
    for organisation in (world.federation, world.mutual_aid):
        browser.visit(organisation.url)
        violations = axe_violations(browser, axe_source)
        assert not violations, f"{organisation.url} ({screen}, {mode}):\n" + describe(violations)
