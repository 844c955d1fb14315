"""Small screens: the pages fit a 375px-wide phone without scrolling sideways."""

import pytest

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}


@pytest.fixture
def phone(browser):
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield browser
    browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["standard", "large"])
@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_fits_a_phone_screen_without_horizontal_scrolling(phone, path, mode):
    phone.set_display_mode_cookie(mode)
    phone.visit(path)
    assert phone.js("return window.innerWidth") == 375

    widths = phone.js(
        "const root = document.documentElement;"
        "return {scroll: root.scrollWidth, client: root.clientWidth,"
        " wider: [...document.body.querySelectorAll('*')]"
        "   .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)"
        "   .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 10)};"
    )

    assert widths["scroll"] <= widths["client"], (
        f"{path} in {mode} mode is {widths['scroll']}px wide on a {widths['client']}px screen; "
        f"too wide: {widths['wider']}"
    )
