"""Headers, limits and small contracts of docs/security.md: CSP and Permissions-Policy, no storing of
form answers, request-body ceilings, security.txt, no Django admin, CSV cells that cannot run."""

import csv
import io

import pytest
from django.urls import reverse

from disclosures.opendata import neutralise_formula
from tests.disclosures.factories import add_disclosure
from tests.factories import login, make_user, soup

PUBLIC_PAGES = ["/", "/xinxigongkai/", "/search/?q=慈善", "/en/"]  # the second: the 404 page


@pytest.fixture
def public_pages(org_a):
    """A page of every public kind, with content in it (PUBLIC_PAGES first): sections and listings,
    an organisation and its disclosure, a story with a picture, a campaign with its figures, an
    edition open for nominations and its form, an announced edition's winner, a policy open for
    comments and its form, an inspection round, the forms and the open-data index."""
    from awards import phases
    from stories.models import StoryIndexPage
    from tests.awards.factories import make_announced_edition, make_edition
    from tests.factories import section
    from tests.oversight.factories import make_inspection_round
    from tests.policies.factories import make_policy, set_comment_period
    from tests.stories.factories import add_campaign, add_story, image_block, make_image

    disclosure = add_disclosure(org_a, "带附件的公开信息")
    stories = section(StoryIndexPage)
    story = add_story(stories, "助学故事", body=[("paragraph", "<p>正文。</p>"), image_block(make_image())])
    campaign = add_campaign(stories, "慈善一日捐")
    edition = make_edition(phases.Phase.NOMINATION, slug="headers-open")
    announced = make_announced_edition(slug="headers-announced", organisation=org_a)
    winner = announced.get_children().live().first()
    policy = set_comment_period(make_policy("慈善事业发展规划（征求意见稿）"), -3, 10)
    inspection = make_inspection_round([(org_a, "compliant")])
    pages = [story, campaign, edition, announced, winner, policy, inspection]
    assert all(page.live for page in pages)
    return [
        *PUBLIC_PAGES,
        "/disclosures/",
        "/disclosures/compliance/",
        "/stories/",
        "/policies/",
        "/about/",
        "/en/about/",
        "/open-data/",
        org_a.url,
        disclosure.url,
        *(page.url for page in pages),
        edition.url + "nominate/",
        policy.url + "comment/",
        inspection.get_parent().url,
        edition.get_parent().url,
        "/report-a-concern/",
    ]


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy_and_permissions_policy(client, public_pages):
    for url in public_pages:
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style_so_the_policy_can_stay_strict(client, public_pages):
    for url in public_pages:
        response = client.get(url, follow=True)
        assert response.status_code == (404 if url == "/xinxigongkai/" else 200), url
        page = soup(response, status=None)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", (url, str(script)[:80])
        assert not page.find_all(style=True), url
        assert not page.find_all("style"), url
        for tag in page.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], (url, tag.name)


@pytest.mark.django_db
def test_the_admin_has_a_policy_too(client):
    login(client, make_user("editor", "宣传部编辑"))
    response = client.get(reverse("wagtailadmin_home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_answers_to_public_forms_are_never_stored(client):
    form_url = client.get("/report-a-concern/")["Location"]
    answer = client.post(form_url, {"description": "只写了一点"})
    assert answer.status_code == 400  # the form again, with what was typed
    assert "只写了一点" in answer.content.decode()
    assert answer["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_an_oversized_body_is_refused_before_it_is_read(client, settings):
    settings.PUBLIC_REQUEST_MAX_BYTES = 2048
    response = client.post("/report-a-concern/", {"description": "长" * 2000})
    assert response.status_code == 413
    assert "2.0" in response.content.decode()  # says the limit
    # The header alone decides: nothing of the body is read.
    response = client.post(
        "/search/", data=b"", content_type="application/octet-stream", CONTENT_LENGTH="99999999999"
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_security_txt_says_how_to_report_a_vulnerability(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@example.gov.cn"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Contact: mailto:security@example.gov.cn" in text
    assert "Expires: " in text and "Preferred-Languages: zh, en" in text


@pytest.mark.django_db
def test_security_txt_falls_back_to_the_sites_contact_email(client, settings):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings.SECURITY_CONTACT = []
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.email = "mzj@example.gov.cn"
    site_settings.save()
    assert "Contact: mailto:mzj@example.gov.cn" in client.get("/.well-known/security.txt").content.decode()


@pytest.mark.django_db
def test_djangos_own_admin_is_not_exposed(client):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


def test_csv_cells_that_would_be_formulas_are_neutralised():
    for text in ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise_formula(text) == "'" + text
    for text in ("-1234.50", "0", "婺城区慈善总会", "2025", "a=b"):
        assert neutralise_formula(text) == text


@pytest.mark.django_db
def test_open_data_csv_neutralises_a_formula_typed_into_a_title(client, org_a):
    add_disclosure(org_a, '=HYPERLINK("http://evil.example","点击")')
    response = client.get("/open-data/disclosures.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [row[rows[0].index("title")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","点击")' in titles
    assert not any(title.startswith("=") for title in titles)
