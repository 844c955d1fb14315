"""The public report form and the private status page."""

import pytest
from django.test import override_settings
from wagtail.models import ModelLogEntry

from oversight.form_views import find_report
from oversight.models import Report
from tests.factories import HTML_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db

UNIQUE_TEXT = "独一无二的举报内容XQ7"


def report_data(**overrides):
    data = {
        "organisation_name": "某某互助会",
        "description": UNIQUE_TEXT,
        "reporter_name": "张测试",
        "reporter_contact": "reporter-test@example.invalid",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, report_url, **overrides):
    return client.post(report_url, report_data(**overrides), follow=True)


def confirmation(client, response):
    """The one-time confirmation on the thanks page the POST redirected to; returns (reference, token)."""
    assert response.status_code == 200
    assert [status for _url, status in response.redirect_chain] == [303]
    assert response.redirect_chain[0][0].endswith("/report/thanks/")
    assert response.context["token"] in response.content.decode()
    return response.context["reference"], response.context["token"]


def test_a_report_is_stored_with_its_evidence_and_the_reporter_gets_a_reference_and_token(
    client, report_url, org_b
):
    response = client.post(
        report_url,
        report_data(
            organisation=org_b.pk,
            organisation_name="",
            evidence=[upload("proof.pdf", PDF_BYTES), upload("photo.png", PNG_BYTES)],
        ),
        follow=True,
    )
    reference, token = confirmation(client, response)
    report = Report.objects.get(reference=reference)
    assert report.organisation == org_b
    assert report.description == UNIQUE_TEXT
    assert report.status == "received"
    assert report.due_on is not None
    assert sorted(e.original_name for e in report.evidence.all()) == ["photo.png", "proof.pdf"]
    assert token not in report.secret_hash and len(report.secret_hash) == 64
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action="oversight.report.receive").exists()


def test_the_token_is_shown_once_and_kept_nowhere(client, report_url, oversight):
    response = submit(client, report_url)
    reference, token = confirmation(client, response)
    assert response["Cache-Control"] == "private, no-store"
    # Nothing reusable stays behind: no session, and the cookie that carried the confirmation to the
    # thanks page is deleted by it, so a reload shows the thanks without it.
    assert token not in str(dict(client.session))
    assert not client.session.keys() - {"_language"}
    assert client.cookies["confirmation-oversight-report"].value == ""
    again = client.get(oversight.url + oversight.reverse_subpage("report_thanks"))
    assert again.status_code == 200
    assert token not in again.content.decode() and reference not in again.content.decode()


def test_status_page_shows_the_status_and_reply_with_the_right_token(client, report_url, status_url):
    reference, token = confirmation(client, submit(client, report_url))
    report = Report.objects.get(reference=reference)
    report.public_reply = "已收到，正在核实。"
    report.save()
    response = client.post(status_url, {"reference": reference.lower(), "token": token})
    assert response.status_code == 200
    content = response.content.decode()
    assert "已收到，正在核实。" in content
    assert report.get_status_display() in content
    assert UNIQUE_TEXT not in content  # the status page does not repeat the report


def test_status_page_with_a_wrong_token_is_not_found(client, report_url, status_url):
    reference, token = confirmation(client, submit(client, report_url))
    assert client.post(status_url, {"reference": reference, "token": token + "x"}).status_code == 404
    assert client.post(status_url, {"reference": reference, "token": ""}).status_code == 400
    assert client.post(status_url, {"reference": "JB-20260101-AAAAAA", "token": token}).status_code == 404


def test_find_report_answers_an_unknown_reference_and_a_wrong_token_alike(report_url, client):
    reference, token = confirmation(client, submit(client, report_url))
    assert find_report(reference, token).reference == reference
    assert find_report(reference, "wrong") is None
    assert find_report("JB-00000000-XXXXXX", token) is None


def test_an_html_page_renamed_pdf_is_refused_and_nothing_is_stored(client, report_url):
    response = client.post(report_url, report_data(evidence=[upload("evidence.pdf", HTML_BYTES)]))
    assert response.status_code == 400
    assert "evidence.pdf" in response.content.decode()
    assert not Report.objects.filter(description=UNIQUE_TEXT).exists()


def test_an_oversized_image_is_refused(client, report_url):
    big = PNG_BYTES + b"\x00" * (10 * 1024 * 1024)
    response = client.post(report_url, report_data(evidence=[upload("photo.png", big)]))
    assert response.status_code == 400
    assert "photo.png" in response.content.decode()
    assert not Report.objects.filter(description=UNIQUE_TEXT).exists()


def test_field_errors_keep_what_was_typed(client, report_url):
    response = client.post(report_url, report_data(consent=None))
    assert response.status_code == 400
    content = response.content.decode()
    assert UNIQUE_TEXT in content and "reporter-test@example.invalid" in content and "某某互助会" in content
    assert 'aria-invalid="true"' in content
    assert "error-summary" in content


def test_the_organisation_must_be_chosen_or_typed(client, report_url):
    response = client.post(report_url, report_data(organisation_name=""))
    assert response.status_code == 400
    assert "organisation_name" in response.context["form"].errors


def test_anonymous_reports_are_accepted(client, report_url):
    response = submit(client, report_url, reporter_name="", reporter_contact="")
    reference, _token = confirmation(client, response)
    assert Report.objects.get(reference=reference).reporter_name == ""


def test_a_filled_honeypot_is_answered_as_accepted_and_nothing_is_kept(client, report_url):
    response = submit(client, report_url, website="http://spam.example")
    reference, _token = confirmation(client, response)
    assert not Report.objects.filter(reference=reference).exists()
    assert not Report.objects.filter(description=UNIQUE_TEXT).exists()


@override_settings(PUBLIC_FORM_RATE_LIMIT=(2, 3600))
def test_too_many_reports_from_one_visitor_are_refused_without_losing_input(client, report_url):
    assert submit(client, report_url).status_code == 200
    assert submit(client, report_url).status_code == 200
    response = submit(client, report_url, description="第三份举报")
    assert response.status_code == 429
    assert "第三份举报" in response.content.decode()
    assert Report.objects.filter(description=UNIQUE_TEXT).count() == 2


def test_the_profile_link_preselects_the_organisation(client, report_url, org_b):
    response = client.get(f"{report_url}?organisation={org_b.pk}")
    assert response.context["form"]["organisation"].value() == org_b.pk
    assert f'<option value="{org_b.pk}" selected>' in response.content.decode()


def test_a_bad_preselection_is_ignored(client, report_url):
    for value in ("abc", "999999", "-1"):
        assert client.get(f"{report_url}?organisation={value}").status_code == 200


@pytest.mark.parametrize("value", ["²", "①", "１２", "9223372036854775808", "99999999999999999999999"])
def test_a_preselection_that_is_not_an_ascii_id_in_64_bits_is_ignored(client, report_url, value):
    """'²'.isdigit() is true and int('²') raises; a huge id overflowed SQLite: both were a 500."""
    response = client.get(report_url, {"organisation": value})
    assert response.status_code == 200
    assert response.context["form"]["organisation"].value() is None


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_the_report_link_passes_on_only_an_ascii_id(client, oversight, value):
    response = client.get("/report-a-concern/", {"organisation": value})
    assert response["Location"] == f"{oversight.url}report/"


def test_a_huge_organisation_id_in_a_report_is_an_invalid_choice(client, report_url):
    """A page's key is a relation (page_ptr), which Django does not bound: SQLite raised OverflowError."""
    response = submit(client, report_url, organisation="99999999999999999999999")
    assert response.status_code == 400
    assert 'href="#id_organisation"' in response.content.decode()
    assert not Report.objects.filter(description=UNIQUE_TEXT).exists()


def test_the_english_form_works_too(client, english_oversight):
    url = english_oversight.url + english_oversight.reverse_subpage("report")
    response = client.post(url, report_data(), follow=True)
    assert response.status_code == 200 and response.context["reference"].startswith("JB-")
    assert 'lang="en"' in response.content.decode()


def test_status_look_ups_are_rate_limited(client, report_url, status_url, monkeypatch):
    from oversight import form_views as views

    monkeypatch.setattr(views, "STATUS_LOOKUPS_PER_HOUR", 3)
    reference, token = confirmation(client, submit(client, report_url))
    for _ in range(3):
        assert client.post(status_url, {"reference": reference, "token": "guess"}).status_code == 404
    response = client.post(status_url, {"reference": reference, "token": token})
    assert response.status_code == 429
    assert reference in response.content.decode()  # the form comes back with what was typed
