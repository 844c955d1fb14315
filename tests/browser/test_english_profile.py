"""An organisation's profile on the English site, as a visitor reaches it: from the English directory,
in English, its Chinese text marked as Chinese, its links staying on the English site, and the
language switcher pairing it with the Chinese profile (wucheng_site/language_fallback.py)."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_accessibility import AXE_JS, axe_violations, describe

NAME_EN = "Wucheng Example Charity Federation"


def _open_from_the_english_directory(browser):
    browser.visit("/en/disclosures/")
    browser.driver.find_element(By.LINK_TEXT, NAME_EN).click()
    return browser


@pytest.mark.browser
def test_the_english_directory_leads_to_the_english_profile(browser, world):
    _open_from_the_english_directory(browser)
    assert browser.path() == "/en" + world.federation.url
    driver = browser.driver
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.find_element(By.TAG_NAME, "h1").text == NAME_EN
    note = driver.find_element(By.CSS_SELECTOR, ".untranslated-note")
    assert note.is_displayed() and "not been translated" in note.text
    # The interface is English; the summary card is there, in English.
    assert "Disclosures" in driver.find_element(By.TAG_NAME, "main").text


@pytest.mark.browser
def test_the_english_profile_links_stay_on_the_english_site(browser, world):
    _open_from_the_english_directory(browser)
    link = browser.driver.find_element(By.CSS_SELECTOR, "#disclosures a[href*='annual']")
    assert link.text.startswith("Annual work report")  # an English title made from type and period
    link.click()
    assert browser.path().startswith("/en" + world.federation.url)
    assert browser.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    crumbs = browser.driver.find_elements(By.CSS_SELECTOR, ".breadcrumbs a")
    assert [crumb.text for crumb in crumbs][-1] == NAME_EN
    crumbs[-1].click()
    assert browser.path() == "/en" + world.federation.url


@pytest.mark.browser
def test_the_language_switcher_pairs_the_english_and_chinese_profiles(browser, world):
    _open_from_the_english_directory(browser)
    browser.driver.find_element(By.CSS_SELECTOR, ".language-switcher a[hreflang='zh-hans']").click()
    assert browser.path() == world.federation.url
    assert browser.driver.find_element(By.TAG_NAME, "h1").text == "婺城区示例慈善总会"
    browser.driver.find_element(By.CSS_SELECTOR, ".language-switcher a[hreflang='en']").click()
    assert browser.path() == "/en" + world.federation.url


@pytest.mark.browser
def test_the_english_profile_marks_its_chinese_text_and_passes_axe(browser, world):
    _open_from_the_english_directory(browser)
    driver = browser.driver
    purpose = driver.find_element(By.XPATH, "//*[contains(text(), '弘扬人道主义精神')]")
    assert purpose.find_elements(By.XPATH, "ancestor-or-self::*[@lang='zh-Hans']"), "Chinese text not marked"
    violations = axe_violations(browser, AXE_JS.read_text(encoding="utf-8"))
    assert not violations, describe(violations)
