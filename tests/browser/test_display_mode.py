"""The elderly-friendly display mode (适老化): larger text, switched on and off with one button."""

import pytest
from selenium.webdriver.common.by import By

MODE_BUTTON = (By.CSS_SELECTOR, "form.display-mode button")


def html_class(browser):
    return browser.driver.find_element(By.TAG_NAME, "html").get_dom_attribute("class")


def root_font_size(browser):
    return browser.js("return getComputedStyle(document.documentElement).fontSize")


def mode_button(browser):
    return browser.driver.find_element(*MODE_BUTTON)


def assert_standard_mode(browser):
    assert html_class(browser) == "mode-standard"
    assert root_font_size(browser) == "16px"
    assert mode_button(browser).get_dom_attribute("aria-pressed") == "false"


def assert_elderly_mode(browser):
    assert html_class(browser) == "mode-large"
    assert root_font_size(browser) == "20px"
    assert mode_button(browser).get_dom_attribute("aria-pressed") == "true"


@pytest.mark.browser
def test_visitor_can_switch_on_elderly_mode_and_it_persists(browser):
    browser.visit("/")
    assert_standard_mode(browser)
    standard_body_size = float(browser.js("return getComputedStyle(document.body).fontSize")[:-2])

    browser.click_and_wait_for_new_page(mode_button(browser))

    assert browser.path() == "/", "switching the mode should bring the visitor back to the same page"
    assert_elderly_mode(browser)
    large_body_size = float(browser.js("return getComputedStyle(document.body).fontSize")[:-2])
    assert large_body_size == pytest.approx(standard_body_size * 1.25)

    # Another page, reached through the main navigation, is large too …
    browser.click_and_wait_for_new_page(browser.driver.find_element(By.CSS_SELECTOR, ".main-nav a"))
    assert browser.path() != "/"
    assert_elderly_mode(browser)

    # … and so is the home page again, and the English site.
    browser.click_and_wait_for_new_page(browser.driver.find_element(By.CSS_SELECTOR, "a.site-brand"))
    assert browser.path() == "/"
    assert_elderly_mode(browser)
    browser.visit("/en/")
    assert_elderly_mode(browser)


@pytest.mark.browser
def test_visitor_can_switch_elderly_mode_off_again(browser):
    browser.visit("/about/")
    browser.click_and_wait_for_new_page(mode_button(browser))
    assert browser.path() == "/about/"
    assert_elderly_mode(browser)

    browser.click_and_wait_for_new_page(mode_button(browser))

    assert browser.path() == "/about/"
    assert_standard_mode(browser)
    browser.visit("/")
    assert_standard_mode(browser)
