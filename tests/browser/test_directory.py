"""The directory as a table: sorted by a column through its header links (no JavaScript needed),
filtered through the panel above it, and shown as one card per organisation on a phone.

The browser world has three organisations: 金华市婺城区示例助学基金会 (jīn, 1,150,000 yuan),
婺城区示例慈善总会 (wù, 6,200,000) and 西关街道示例邻里互助会 (xī, 210,000)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.test_accessibility import AXE_JS, axe_violations, describe

FOUNDATION, FEDERATION, MUTUAL_AID = (
    "金华市婺城区示例助学基金会",
    "婺城区示例慈善总会",
    "西关街道示例邻里互助会",
)
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}


def names(browser):
    return [a.text for a in browser.driver.find_elements(By.CSS_SELECTOR, ".directory-table tbody th a")]


def header(browser, key):
    return browser.driver.find_element(By.CSS_SELECTOR, f".directory-table thead th.directory-table__{key}")


def query(browser):
    return parse_qs(urlsplit(browser.path()).query)


@pytest.mark.browser
def test_the_directory_lists_names_in_pinyin_order_beside_the_filters_not_under_them(browser):
    browser.visit("/disclosures/")
    # By code point it would be 婺 < 西 < 金.
    assert names(browser) == [FOUNDATION, FEDERATION, MUTUAL_AID]
    assert header(browser, "name").get_dom_attribute("aria-sort") == "ascending"
    boxes = browser.js(
        "const box = s => document.querySelector(s).getBoundingClientRect();"
        "return {form: box('form.filters'), table: box('.directory-table'), main: box('main .container')};"
    )
    assert boxes["form"]["bottom"] <= boxes["table"]["top"], "the filters are above the table"
    assert boxes["table"]["width"] > 0.9 * (boxes["main"]["width"] - 40), "the table takes the main column"
    assert "Parameters:" not in browser.driver.find_element(By.TAG_NAME, "main").text


@pytest.mark.browser
def test_a_column_header_sorts_without_javascript_and_again_reverses(browser_without_js):
    browser = browser_without_js
    browser.visit("/disclosures/")
    browser.click_and_wait_for_new_page(header(browser, "income").find_element(By.TAG_NAME, "a"))
    assert query(browser) == {"sort": ["income"], "dir": ["desc"]}
    assert names(browser) == [FEDERATION, FOUNDATION, MUTUAL_AID]
    assert header(browser, "income").get_dom_attribute("aria-sort") == "descending"
    assert header(browser, "name").get_dom_attribute("aria-sort") is None

    browser.click_and_wait_for_new_page(header(browser, "income").find_element(By.TAG_NAME, "a"))
    assert query(browser) == {"sort": ["income"], "dir": ["asc"]}
    assert names(browser) == [MUTUAL_AID, FOUNDATION, FEDERATION]
    assert header(browser, "income").get_dom_attribute("aria-sort") == "ascending"


@pytest.mark.browser
def test_filtering_keeps_the_order_and_sorting_keeps_the_filter(browser_without_js):
    browser = browser_without_js
    browser.visit("/disclosures/?sort=income&dir=asc")
    Select(browser.driver.find_element(By.CSS_SELECTOR, "form.filters select[name=town]")).select_by_value(
        "西关街道"
    )
    browser.click_and_wait_for_new_page(
        browser.driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]")
    )
    assert query(browser)["town"] == ["西关街道"]
    assert names(browser) == [MUTUAL_AID, FOUNDATION]  # 210,000 then 1,150,000: the order was kept

    browser.click_and_wait_for_new_page(header(browser, "name").find_element(By.TAG_NAME, "a"))
    assert query(browser) == {"town": ["西关街道"], "sort": ["name"], "dir": ["asc"]}
    assert names(browser) == [FOUNDATION, MUTUAL_AID]


@pytest.mark.browser
def test_on_a_phone_each_organisation_is_a_card_with_labelled_values(browser):
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        browser.visit("/disclosures/")
        layout = browser.js(
            "const root = document.documentElement;"
            "const rows = [...document.querySelectorAll('.directory-table tbody tr')];"
            "const cell = rows[0].querySelector('td');"
            "return {"
            " display: rows.map(r => getComputedStyle(r).display),"
            " tops: rows.map(r => r.getBoundingClientRect().top),"
            " widths: rows.map(r => r.getBoundingClientRect().width),"
            " label: getComputedStyle(cell, '::before').content,"
            " dataLabel: cell.dataset.label,"
            " headerRow: getComputedStyle(document.querySelector('.directory-table thead tr')).display,"
            " scroll: root.scrollWidth, client: root.clientWidth};"
        )
        assert layout["display"] == ["block"] * 3
        assert layout["tops"] == sorted(layout["tops"]) and len(set(layout["tops"])) == 3, "stacked cards"
        assert all(width > 0.8 * layout["client"] for width in layout["widths"]), "full-width cards"
        assert layout["label"] == f'"{layout["dataLabel"]}"' and layout["dataLabel"]
        assert layout["headerRow"] == "flex", "the header row is a bar of sort links"
        assert layout["scroll"] <= layout["client"], "no scrolling sideways"
        # The sort links are still there, and still sort.
        browser.click_and_wait_for_new_page(header(browser, "latest").find_element(By.TAG_NAME, "a"))
        assert query(browser) == {"sort": ["latest"], "dir": ["desc"]}
    finally:
        browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.browser
def test_on_a_desktop_the_rows_are_table_rows(browser):
    browser.visit("/disclosures/")
    displays = browser.js(
        "return [...document.querySelectorAll('.directory-table tbody tr')].map(r => getComputedStyle(r).display)"
    )
    assert displays == ["table-row"] * 3


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["standard", "large"])
def test_the_phone_cards_have_no_wcag_21_aa_violations(browser, mode):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run tools/a11y/install.sh (or `make test-browser`).")
    browser.set_display_mode_cookie(mode)
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        browser.visit("/disclosures/?sort=income")
        assert browser.js(
            "return getComputedStyle(document.querySelector('.directory-table tbody tr')).display"
        ) == ("block")
        violations = axe_violations(browser, AXE_JS.read_text(encoding="utf-8"))
    finally:
        browser.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not violations, describe(violations)
