"""The organisation account's dashboard: what is overdue and due within 60 days (the Order 81 rules of
``compliance``), its drafts, and submissions returned with the reviewer's comment — each with the link
that fixes it; only its own items, in a bounded number of queries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from disclosures import dashboard
from disclosures.compliance import add_months
from disclosures.models import DisclosurePage
from disclosures.record import with_record_dates
from tests.disclosures.factories import add_annual_reports, add_disclosure
from tests.factories import login, make_user, soup


def org_user(org):
    from django.contrib.auth.models import Group

    from disclosures.accounts import group_name

    return Group.objects.get(name=group_name(org)).user_set.get()


def panel(client):
    """The organisation panel of the dashboard (None if absent)."""
    return soup(client.get(reverse("wagtailadmin_home"))).find(attrs={"data-dashboard": "organisation-tasks"})


def items(section, name):
    found = section.find(attrs={"data-list": name})
    return found.find_all("li") if found else []


def submit_and_return(page, submitter, comment):
    """Submit ``page`` into its workflow as ``submitter``; a reviewer requests changes with ``comment``."""
    reviewer = make_user(f"reviewer-{page.pk}", roles.CIVIL_AFFAIRS_REVIEWERS)
    state = page.get_workflow().start(page, submitter)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment=comment)
    return reviewer


def plan_with_results_due_soon(org, title):
    """A fundraising plan that ended two months ago: its results are due in about a month."""
    today = timezone.localdate()
    end = add_months(today, -2)
    return add_disclosure(
        org,
        title,
        disclosure_type="fundraising_plan",
        year=end.year,
        period_start=add_months(end, -3),
        period_end=end,
        published_on=add_months(end, -3),
    )


@pytest.fixture
def a_with_tasks(org_a):
    """Organisation A with its 2023 reports missing (overdue), a plan's results due within 60 days,
    a draft, and a submission returned with a comment."""
    years = [year for year in range(2021, timezone.localdate().year) if year != 2023]
    add_annual_reports(org_a, years=years)
    plan = plan_with_results_due_soon(org_a, "“银龄助餐”募捐方案")
    add_disclosure(org_a, "A未提交的草稿", publish=False)
    returned = add_disclosure(org_a, "A被退回的报告", publish=False)
    submit_and_return(returned, org_user(org_a), "请补充审计意见页")
    return {"plan": plan, "returned": returned}


@pytest.mark.django_db
def test_organisation_sees_overdue_and_due_soon_with_links_that_file_them(client, org_a, a_with_tasks):
    login(client, org_user(org_a))
    section = panel(client)
    assert section is not None
    overdue = [li.get_text(" ", strip=True) for li in items(section, "overdue")]
    assert any("2023" in text for text in overdue), overdue
    assert not any("2022" in text for text in overdue), "a year filed on time is not overdue"
    due = items(section, "due")
    assert len(due) == 1 and "银龄助餐" in due[0].get_text()
    link = due[0].find("a")["href"]
    add = reverse("wagtailadmin_pages:add", args=("disclosures", "disclosurepage", org_a.pk))
    assert link.startswith(add + "?") and "disclosure_type=fundraising_result" in link
    assert f"related_disclosure={a_with_tasks['plan'].pk}" in link
    # The overdue annual report's link opens the add form with the type and year filled in.
    annual = next(li for li in items(section, "overdue") if "2023" in li.get_text())
    form = client.get(annual.find("a")["href"]).context["form"]
    assert form["disclosure_type"].value() in ("annual_report", "financial_report", "audit_report")
    assert str(form["year"].value()) == "2023"


@pytest.mark.django_db
def test_preselected_plan_must_be_the_organisations_own(client, org_a, org_b):
    other_plan = add_disclosure(org_b, "B的募捐方案", disclosure_type="fundraising_plan")
    login(client, org_user(org_a))
    url = dashboard.add_disclosure_url(org_a, "fundraising_result", None, other_plan.pk)
    response = client.get(url)
    assert response.context["form"]["disclosure_type"].value() == "fundraising_result"
    assert not response.context["form"]["related_disclosure"].value()
    assert "B的募捐方案" not in response.content.decode()


@pytest.mark.django_db
def test_organisation_sees_drafts_and_returned_submissions_with_the_comment(client, org_a, a_with_tasks):
    login(client, org_user(org_a))
    section = panel(client)
    drafts = [li.get_text() for li in items(section, "drafts")]
    assert any("A未提交的草稿" in text for text in drafts)
    assert not any("A被退回的报告" in text for text in drafts), "returned is listed once, with its comment"
    returned = items(section, "returned")
    assert len(returned) == 1
    assert "A被退回的报告" in returned[0].get_text() and "请补充审计意见页" in returned[0].get_text()
    edit = reverse("wagtailadmin_pages:edit", args=[a_with_tasks["returned"].pk])
    assert returned[0].find("a")["href"] == edit


@pytest.mark.django_db
def test_returned_submission_is_also_emailed_to_the_submitter_by_wagtail(org_a):
    """The e-mail side of "returned with comments" is Wagtail's own rejection notification."""
    page = add_disclosure(org_a, "A被退回的报告", publish=False)
    submitter = org_user(org_a)
    submitter.email = "filer@example.com"
    submitter.save()
    mail.outbox.clear()
    submit_and_return(page, submitter, "请补充审计意见页")
    to_submitter = [m for m in mail.outbox if m.to == ["filer@example.com"]]
    assert len(to_submitter) == 1
    assert "请补充审计意见页" in to_submitter[0].body


@pytest.mark.django_db
def test_organisation_never_sees_another_organisations_items(client, org_a, org_b, a_with_tasks):
    add_disclosure(org_b, "B的草稿", publish=False)
    returned_b = add_disclosure(org_b, "B被退回的报告", publish=False)
    submit_and_return(returned_b, org_user(org_b), "B的审核意见")
    plan_with_results_due_soon(org_b, "“春晖助学”募捐方案")
    login(client, org_user(org_a))
    text = panel(client).get_text()
    for foreign in ("B的草稿", "B被退回的报告", "B的审核意见", "春晖助学", org_b.title):
        assert foreign not in text, foreign
    # The control: B's account sees B's items on its own dashboard.
    client.logout()
    login(client, org_user(org_b))
    text_b = panel(client).get_text()
    assert "B被退回的报告" in text_b and "B的审核意见" in text_b and "春晖助学" in text_b
    assert "A被退回的报告" not in text_b


@pytest.mark.django_db
def test_panel_is_only_for_organisation_accounts(client, org_a):
    for group in (roles.CIVIL_AFFAIRS_REVIEWERS, roles.PROPAGANDA_EDITORS, roles.AWARD_COMMITTEE_CHAIR):
        login(client, make_user(f"staff-{len(group)}-{group}", group))
        assert panel(client) is None, group
        client.logout()


@pytest.mark.django_db
def test_page_count_summary_is_hidden_from_organisations_only(client, org_a):
    login(client, org_user(org_a))
    assert "wagtailadmin/home/site_summary_pages.html" not in [
        t.name for t in client.get(reverse("wagtailadmin_home")).templates
    ]
    client.logout()
    login(client, make_user("site-admin", roles.SITE_ADMINS))
    assert "wagtailadmin/home/site_summary_pages.html" in [
        t.name for t in client.get(reverse("wagtailadmin_home")).templates
    ]


def test_owed_items_use_the_compliance_rules_for_a_fixed_day(db, org_a):
    add_annual_reports(org_a, years=range(2021, 2025))
    rows = list(with_record_dates(DisclosurePage.objects.child_of(org_a).live()))
    overdue, soon = dashboard.owed_items(org_a, rows, datetime.date(2026, 4, 10))
    assert overdue == []
    assert {item["due"] for item in soon} == {datetime.date(2026, 5, 31)}, "31 May is within 60 days"
    overdue, soon = dashboard.owed_items(org_a, rows, datetime.date(2026, 3, 31))
    assert soon == [], "61 days ahead is not yet listed"
    overdue, soon = dashboard.owed_items(org_a, rows, datetime.date(2026, 6, 1))
    assert {item["year"] for item in overdue} == {2025}


# Disclosure rows, returned states, their titles, drafts, the drafts' total (once there are more than
# shown), and the organisation's compliance facts need no query: six whatever the number of pages.
PANEL_QUERIES = 6


@pytest.mark.django_db
def test_panel_queries_are_bounded(org_a, a_with_tasks, django_assert_max_num_queries):
    panel_obj = dashboard.OrganisationTasksPanel(org_a)
    for n in range(12):
        add_disclosure(org_a, f"更多草稿{n}", publish=False)
        submit_and_return(add_disclosure(org_a, f"更多退回{n}", publish=False), org_user(org_a), "改")
    with django_assert_max_num_queries(PANEL_QUERIES):
        context = panel_obj.get_context_data({})
    assert len(context["drafts"]) == dashboard.LIMIT and context["drafts_total"] == 13
    assert len(context["returned"]) == dashboard.LIMIT
