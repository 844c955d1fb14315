"""Inspection results on the inspection page and on organisation profiles."""

import datetime

import pytest

from oversight.models import InspectionResult, InspectionRoundPage, SeriousViolationEntry
from tests.factories import make_organisation
from tests.oversight.factories import make_inspection_round, make_serious_violation

pytestmark = pytest.mark.django_db


def test_the_inspection_page_lists_every_organisation_drawn_with_its_result(client, penalty_round, penalised):
    content = client.get(penalty_round.url).content.decode()
    organisations = [result.organisation for result in penalty_round.results.all()]
    assert len(organisations) == 3
    for organisation in organisations:
        assert organisation.title in content
        assert f'href="{organisation.url}"' in content
    assert "婺民罚〔2026〕1号" in content  # the penalty decision
    assert "2026-06-20" in content
    assert f'href="{penalised.url}"' in content


def test_the_english_inspection_page_is_translated_and_links_the_profiles(
    client, penalty_round, penalised, english
):
    page = penalty_round.get_translation(english)
    content = client.get(page.url).content.decode()
    assert "Raised funds from the public" in content
    assert f'href="/en{penalised.url}"' in content  # not translated: the profile on the English site


def test_a_rectification_shows_its_deadline_and_outcome_on_the_profile(client, oversight):
    organisation = make_organisation("婺城区乐龄社会工作服务中心")
    make_inspection_round(
        [
            {
                "organisation": organisation,
                "result": "rectification",
                "findings": "2023年度工作报告未按期公开。",
                "rectification_deadline": datetime.date(2025, 12, 31),
                "outcome": "已补充公开，整改完成。",
            }
        ],
        title="2025年度慈善组织“双随机、一公开”抽查结果公示",
    )
    content = client.get(organisation.url).content.decode()
    section = content.split('id="oversight"', 1)[1]
    assert "2025-12-31" in section and "已补充公开，整改完成。" in section
    assert "2025年度慈善组织“双随机、一公开”抽查结果公示" in section


def test_the_profile_shows_penalties_and_list_entries_current_and_removed_dated(
    client, penalty_round, penalised
):
    org = penalised
    make_serious_violation(org, listed_on=datetime.date(2026, 7, 20))
    SeriousViolationEntry.objects.create(
        organisation=org,
        listed_on=datetime.date(2021, 3, 1),
        removed_on=datetime.date(2022, 3, 1),
        reason="早年列入，已移出",
    )
    content = client.get(org.url).content.decode()
    section = content.split('id="oversight"', 1)[1]
    assert "2026-07-10" in section and "婺民罚〔2026〕1号" in section  # the penalty, dated
    assert "2026-07-20" in section  # the current entry
    assert "2021-03-01" in section and "2022-03-01" in section and "早年列入，已移出" in section
    assert 'class="notice notice--warning"' in section


def test_an_unpublished_round_does_not_show_on_profiles(client, penalty_round, penalised):
    section = client.get(penalised.url).content.decode().split('id="oversight"', 1)[1]
    assert "婺民罚〔2026〕1号" in section
    penalty_round.unpublish()
    section = client.get(penalised.url).content.decode().split('id="oversight"', 1)[1]
    assert "婺民罚〔2026〕1号" not in section


def test_the_profile_links_to_the_report_form_with_the_organisation_preselected(client, oversight, org_b):
    org = org_b
    content = client.get(org.url).content.decode()
    assert f'href="/report-a-concern/?organisation={org.pk}"' in content
    response = client.get(f"/report-a-concern/?organisation={org.pk}", follow=True)
    assert response.redirect_chain[-1][0] == f"{oversight.url}report/?organisation={org.pk}"
    assert response.context["form"]["organisation"].value() == org.pk


def test_the_footer_links_to_the_report_form_in_both_languages(client, oversight, english_oversight):
    assert 'href="/report-a-concern/"' in client.get("/").content.decode()
    assert 'href="/en/report-a-concern/"' in client.get("/en/").content.decode()
    assert client.get("/report-a-concern/")["Location"] == f"{oversight.url}report/"
    assert client.get("/en/report-a-concern/")["Location"] == f"{english_oversight.url}report/"


def test_the_report_link_follows_the_oversight_page_when_it_moves_or_goes(client, oversight):
    oversight.slug = "jiandu"
    oversight.save_revision().publish()
    assert client.get("/report-a-concern/")["Location"] == "/jiandu/report/"
    oversight.unpublish()
    assert client.get("/report-a-concern/").status_code == 404


def test_the_report_link_passes_on_only_an_organisation_id(client, oversight):
    assert (
        client.get("/report-a-concern/?organisation=x&next=//evil.example")["Location"]
        == f"{oversight.url}report/"
    )


def test_the_profile_does_a_bounded_number_of_queries_however_many_results(
    client, oversight, penalty_round, penalised, django_assert_max_num_queries
):
    org = penalised
    make_serious_violation(org)  # the baseline already shows a result, a penalty and an entry
    client.get(org.url)  # warm caches
    with django_assert_max_num_queries(60) as few:
        client.get(org.url)
    baseline = len(few.captured_queries)
    for n in range(8):
        page = InspectionRoundPage(
            title=f"测试抽查{n}",
            slug=f"test-round-{n}",
            inspected_on=datetime.date(2024, 1, 1 + n),
            scope="测试",
        )
        page.results.add(InspectionResult(organisation=org, result="penalty", penalty=f"罚款{n}"))
        oversight.add_child(instance=page)
        page.save_revision().publish()
        SeriousViolationEntry.objects.create(
            organisation=org, listed_on=datetime.date(2020, 1, 1 + n), reason=f"r{n}"
        )
    with django_assert_max_num_queries(baseline):
        response = client.get(org.url)
    assert "罚款7" in response.content.decode()


def test_the_inspection_page_does_a_bounded_number_of_queries(
    client, penalty_round, django_assert_max_num_queries
):
    client.get(penalty_round.url)
    with django_assert_max_num_queries(60) as few:
        client.get(penalty_round.url)
    baseline = len(few.captured_queries)
    for n in range(8):
        org = make_organisation(f"测试抽中组织{n}")
        penalty_round.results.add(InspectionResult(organisation=org, result="compliant"))
    penalty_round.save_revision().publish()
    with django_assert_max_num_queries(baseline):
        response = client.get(penalty_round.url)
    assert "测试抽中组织7" in response.content.decode()


def test_results_need_their_deadline_or_penalty(org_b):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        InspectionResult(organisation=org_b, result="rectification").clean()
    with pytest.raises(ValidationError):
        InspectionResult(organisation=org_b, result="penalty").clean()
    InspectionResult(organisation=org_b, result="compliant").clean()


def test_inspection_results_are_open_in_the_pages_api(client, penalty_round):
    data = client.get(f"/api/v2/pages/{penalty_round.pk}/").json()
    assert data["inspected_on"] == "2026-06-20"
    assert {r["result"] for r in data["results"]} == {"compliant", "penalty"}
    assert all(r["organisation"]["id"] for r in data["results"])
