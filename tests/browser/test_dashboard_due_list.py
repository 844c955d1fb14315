"""An organisation signs in and its admin dashboard lists what is overdue and what falls due within
60 days; the link beside an item opens the add form with the disclosure type filled in."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from disclosures.compliance import add_months
from tests.browser.world import ORGANISATION_ACCOUNT
from tests.factories import login

pytestmark = pytest.mark.browser


@pytest.fixture
def org_browser(browser, db, world):
    """Chromium signed in as the world's organisation account (a test client's session, handed over as
    the cookie: ``Browser.take_session``)."""
    client = Client()
    login(client, get_user_model().objects.get(username=ORGANISATION_ACCOUNT))
    browser.take_session(client)
    yield browser
    browser.driver.get("about:blank")  # leave the admin before the test's rollback


@pytest.fixture
def results_due_soon(db, world):
    """A fundraising of the organisation that ended two months ago: its results are due in about a
    month (dated from today, inside the test's transaction, so the world itself stays fixed)."""
    from tests.disclosures.factories import add_disclosure

    end = add_months(timezone.localdate(), -2)
    return add_disclosure(
        world.mutual_aid,
        "“邻里暖冬”公开募捐方案",
        disclosure_type="fundraising_plan",
        year=end.year,
        period_start=add_months(end, -3),
        period_end=end,
        published_on=add_months(end, -3),
    )


def dashboard_list(browser, name):
    return browser.driver.find_elements(
        By.CSS_SELECTOR, f'[data-dashboard="organisation-tasks"] [data-list="{name}"] li'
    )


def test_organisation_sees_its_due_list_and_files_from_it(org_browser, world, results_due_soon):
    browser = org_browser.visit(reverse("wagtailadmin_home"))
    assert browser.path() == reverse("wagtailadmin_home"), f"not signed in: at {browser.path()}"
    panel = browser.driver.find_element(By.CSS_SELECTOR, '[data-dashboard="organisation-tasks"]')
    assert world.mutual_aid.title in panel.find_element(By.TAG_NAME, "h2").text
    overdue = [item.text for item in dashboard_list(browser, "overdue")]
    assert any("2024" in text for text in overdue), overdue
    due = dashboard_list(browser, "due")
    assert [item for item in due if "邻里暖冬" in item.text], [item.text for item in due]
    # Nothing of the other organisations' items is listed.
    assert world.federation.title not in panel.text and "慈善一日捐" not in panel.text
    # The summary's "N Pages created" is not shown to an organisation.
    explorer = reverse("wagtailadmin_explore_root")
    assert not browser.driver.find_elements(By.CSS_SELECTOR, f".w-summary a[href^='{explorer}']")

    link = next(item for item in due if "邻里暖冬" in item.text).find_element(By.TAG_NAME, "a")
    browser.click_and_wait_for_new_page(link)
    add_url = reverse("wagtailadmin_pages:add", args=("disclosures", "disclosurepage", world.mutual_aid.pk))
    assert browser.path().startswith(add_url)
    chosen = Select(browser.driver.find_element(By.ID, "id_disclosure_type")).first_selected_option
    assert chosen.get_attribute("value") == "fundraising_result"
