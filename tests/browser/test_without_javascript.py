"""Everything a visitor does on the public site works with JavaScript switched off."""

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By


def html_class(browser):
    return browser.driver.find_element(By.TAG_NAME, "html").get_dom_attribute("class")


@pytest.mark.browser
def test_browser_without_javascript_really_runs_no_scripts(browser_without_js):
    browser_without_js.driver.get(
        "data:text/html;charset=utf-8,<p id=probe>off</p>"
        "<script>document.getElementById('probe').textContent = 'on'</script>"
    )
    assert browser_without_js.driver.find_element(By.ID, "probe").text == "off"


@pytest.mark.browser
def test_visitor_without_javascript_can_switch_elderly_mode_on_and_off(browser_without_js):
    browser = browser_without_js
    browser.visit("/about/")
    assert html_class(browser) == "mode-standard"

    browser.click_and_wait_for_new_page(
        browser.driver.find_element(By.CSS_SELECTOR, "form.display-mode button")
    )

    assert browser.path() == "/about/"
    assert html_class(browser) == "mode-large"
    button = browser.driver.find_element(By.CSS_SELECTOR, "form.display-mode button")
    assert button.get_dom_attribute("aria-pressed") == "true"

    browser.click_and_wait_for_new_page(button)

    assert browser.path() == "/about/"
    assert html_class(browser) == "mode-standard"


@pytest.mark.browser
def test_visitor_without_javascript_can_search_from_the_header(browser_without_js):
    browser = browser_without_js
    browser.visit("/about/")

    browser.driver.find_element(By.ID, "site-search-q").send_keys("慈善")
    browser.click_and_wait_for_new_page(
        browser.driver.find_element(By.CSS_SELECTOR, "form.site-search button")
    )

    url = urlsplit(browser.driver.current_url)
    assert url.path == "/search/"
    assert parse_qs(url.query) == {"q": ["慈善"]}
    assert browser.driver.find_element(By.ID, "search-q").get_dom_attribute("value") == "慈善"
    summary = browser.driver.find_element(By.CSS_SELECTOR, ".search-summary[role=status]")
    assert "慈善" in summary.text


@pytest.mark.browser
def test_nominator_without_javascript_who_forgets_consent_is_told_and_keeps_what_they_typed(
    browser_without_js, world
):
    """``world.open_edition``: an edition open for nominations today (tests/browser/world.py)."""
    browser = browser_without_js
    browser.visit(world.open_edition.url + "nominate/")
    browser.driver.find_element(By.ID, "id_nominee_name").send_keys("示例被提名人")
    browser.driver.find_element(By.ID, "id_deeds").send_keys("十年来坚持为村里老人义务理发，从不收费。")
    browser.click_and_wait_for_new_page(
        browser.driver.find_element(By.CSS_SELECTOR, "form.public-form button")
    )

    summary = browser.driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.find_element(By.CSS_SELECTOR, 'a[href="#id_consent"]')
    assert browser.driver.find_element(By.ID, "id_nominee_name").get_attribute("value") == "示例被提名人"
    assert "义务理发" in browser.driver.find_element(By.ID, "id_deeds").get_attribute("value")
