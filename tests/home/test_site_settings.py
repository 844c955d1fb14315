"""Site settings editors fill in appear in every page footer."""

import pytest
from bs4 import BeautifulSoup

from home.models import SiteSettings


def footer(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser").find("footer")


@pytest.mark.django_db
def test_footer_shows_contact_hotline_and_filing_numbers(client, site):
    settings = SiteSettings.for_site(site)
    settings.complaint_hotline = "0579-12345678"
    settings.icp_number = "浙ICP备12345678号-2"
    settings.police_number = "浙公网安备 33070202001234号"
    settings.save()
    for url in ("/", "/about/", "/disclosures/", "/search/"):
        text = footer(client, url).get_text(" ", strip=True)
        assert "0579-12345678" in text, url
        assert "浙ICP备12345678号-2" in text, url
    links = {a.get_text(strip=True): a["href"] for a in footer(client, "/").find_all("a")}
    assert links["浙ICP备12345678号-2"] == "https://beian.miit.gov.cn/"
    assert links["浙公网安备 33070202001234号"].endswith("code=33070202001234")


@pytest.mark.django_db
def test_footer_uses_the_english_organisation_name_on_english_pages(client, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "婺城区民政局"
    settings.organisation_name_en = "Wucheng District Civil Affairs Bureau"
    settings.save()
    assert "婺城区民政局" in footer(client, "/").get_text()
    english = footer(client, "/en/").get_text()
    assert "Wucheng District Civil Affairs Bureau" in english
    assert "婺城区民政局" not in english


@pytest.mark.django_db
def test_footer_links_to_the_standard_pages(client):
    links = {a.get_text(strip=True) for a in footer(client, "/").find_all("a")}
    assert {"关于我们", "联系我们", "隐私政策", "无障碍声明"} <= links
    english_links = {a.get_text(strip=True) for a in footer(client, "/en/").find_all("a")}
    assert {"About us", "Privacy policy", "Accessibility statement"} <= english_links
