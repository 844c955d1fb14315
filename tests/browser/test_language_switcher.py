"""The language switcher moves between the Chinese and the English version of the same page."""

import pytest
from selenium.webdriver.common.by import By


def switcher_link(browser, name):
    return browser.driver.find_element(By.CSS_SELECTOR, ".language-switcher").find_element(By.LINK_TEXT, name)


def page_language(browser):
    return browser.driver.find_element(By.TAG_NAME, "html").get_dom_attribute("lang")


def heading(browser):
    return browser.driver.find_element(By.CSS_SELECTOR, "main h1").text


@pytest.mark.browser
def test_visitor_can_read_the_about_page_in_english_and_switch_back_to_chinese(browser):
    browser.visit("/about/")
    assert page_language(browser) == "zh-hans"
    chinese_heading = heading(browser)
    current = browser.driver.find_element(By.CSS_SELECTOR, ".language-switcher [aria-current]")
    assert current.text == "简体中文"

    browser.click_and_wait_for_new_page(switcher_link(browser, "English"))

    assert browser.path() == "/en/about/"
    assert page_language(browser) == "en"
    assert heading(browser) != chinese_heading
    current = browser.driver.find_element(By.CSS_SELECTOR, ".language-switcher [aria-current]")
    assert current.text == "English"

    browser.click_and_wait_for_new_page(switcher_link(browser, "简体中文"))

    assert browser.path() == "/about/"
    assert page_language(browser) == "zh-hans"
    assert heading(browser) == chinese_heading
