"""The tracker reads the site's evidence (issue 12, item 5): tasks linked to the pages that evidence them,
the contradictions staff see, and the evidence links the public sees — live, public pages only."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page

from awards.models import AwardEditionPage
from demo import policies as demo
from disclosures.accounts import create_organisation_account
from home import roles
from oversight.models import InspectionRoundPage
from policies import tracker
from policies.evidence import checked_tasks
from policies.models import PolicyDocumentPage, PolicyTask, TaskEvidence, TaskStatusUpdate
from policies.wagtail_hooks import TrackerContradictionsMenuItem
from tests.factories import login, make_user, soup
from tests.privacy import shown
from wucheng_site.references import Reference, refusal_message

REPORT = "/admin/reports/tracker-contradictions/"
DRAFT_TITLE = "尚未发布的抽查结果草稿标题"


def zh(model, slug):
    return model.objects.get(slug=slug, locale__language_code="zh-hans")


@pytest.fixture
def linked_plan(plan):
    """The demo plan with its demo evidence (load_demo links it after the awards and oversight demos)."""
    demo.link_evidence()
    return PolicyDocumentPage.objects.get(pk=plan.pk)


def rules_by_task(page):
    return {check.task.number: [item.rule for item in check.contradictions] for check in checked_tasks(page)}


def add_evidence(page, number, target, kind=tracker.EvidenceKind.STARTED):
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    page.task_evidence.add(TaskEvidence(task_number=number, evidence=target, kind=kind))
    page.save_revision().publish()
    return PolicyDocumentPage.objects.get(pk=page.pk)


def draft_copy(page, title):
    return page.copy(update_attrs={"slug": f"draft-{page.slug}", "title": title}, keep_live=False)


# --- the demo --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_links_the_award_and_the_inspection_rounds_once(linked_plan):
    links = set(linked_plan.task_evidence.values_list("task_number", "evidence__slug"))
    assert {
        (19, "2026"),
        (19, "2023"),
        (15, "2025-random-inspection"),
        (15, "2026-random-inspection"),
    } <= links
    assert demo.link_evidence() == 0  # idempotent
    assert linked_plan.task_evidence.count() == len(links)
    assert TaskStatusUpdate.objects.filter(task__page=linked_plan, task__number=15).count() == 1


@pytest.mark.django_db
def test_demo_keeps_the_contradictions_staff_must_see(linked_plan):
    found = rules_by_task(linked_plan)
    # Task 19: 未启动 while the 2026 edition of the award is live.
    assert found[19] == [tracker.EVIDENCE_SHOWS_STARTED]
    # Task 10: 已逾期 (deadline 2025) while its only indicator (community foundations ≥ 1) is met.
    assert found[10] == [tracker.INDICATORS_MET]
    # Task 15: linked to both inspection rounds and recorded in progress: consistent now.
    assert found[15] == []
    # Task 11 is overdue and one of its two indicators is not met: nothing contradicts.
    assert found[11] == []


# --- the rules on real records ---------------------------------------------------------------------


@pytest.mark.django_db
def test_task_recorded_done_while_an_indicator_misses_is_listed(plan):
    task = plan.tasks.get(number=11)  # volunteers 162,300 ≥ 160,000 met; social workers 19.6 < 20 not
    TaskStatusUpdate.objects.create(task=task, status=tracker.DONE, date=datetime.date(2025, 12, 31))
    assert rules_by_task(plan)[11] == [tracker.DONE_BUT_NOT_MET]


@pytest.mark.django_db
def test_task_not_started_with_evidence_contradicts_only_once_the_page_is_live(plan):
    round_ = draft_copy(zh(InspectionRoundPage, "2025-random-inspection"), DRAFT_TITLE)
    plan = add_evidence(plan, 18, round_)  # 18: 长期, nothing recorded: 未启动
    assert rules_by_task(plan)[18] == []  # a draft proves nothing
    round_.save_revision().publish()
    assert rules_by_task(plan)[18] == [tracker.EVIDENCE_SHOWS_STARTED]


@pytest.mark.django_db
def test_done_evidence_contradicts_a_task_in_progress(plan):
    plan = add_evidence(plan, 9, zh(AwardEditionPage, "2023"), kind=tracker.EvidenceKind.DONE)
    assert rules_by_task(plan)[9] == [tracker.EVIDENCE_SHOWS_DONE]  # 9 is recorded in progress


# --- the staff report ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_lists_every_contradicting_task_with_links_to_fix_it(client, linked_plan):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = client.get(REPORT)
    page = soup(response)
    rows = page.select("tbody tr")
    listed = {row.select_one("td").get_text(" ", strip=True).split(".")[0] for row in rows}
    assert {"19", "10"} <= listed
    assert not {"1", "7", "15", "20"} & listed  # consistent tasks are not listed
    edit = reverse("wagtailadmin_pages:edit", args=[linked_plan.pk])
    assert page.find("a", href=edit)
    assert page.find("a", href=reverse("wagtailsnippets_policies_taskstatusupdate:add"))
    text = page.get_text(" ", strip=True)
    assert "未启动" in text and "已逾期" in text


@pytest.mark.django_db
def test_report_exports_the_contradictions_as_csv(client, linked_plan):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert f"{linked_plan.title},19,未启动," in content
    assert f"{linked_plan.title},10,已逾期," in content


@pytest.mark.django_db
def test_who_may_see_the_tracker_contradictions(client, org_a, linked_plan):
    org_user, _password = create_organisation_account(org_a, "org-a")
    matrix = {
        "civil-affairs reviewer": (make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS), True),
        "site administrator": (make_user("siteadmin", roles.SITE_ADMINS), True),
        "superuser": (make_user("root", superuser=True), True),
        "organisation account": (org_user, False),
        "propaganda editor": (make_user("editor", roles.PROPAGANDA_EDITORS), False),
        "award committee chair": (make_user("chair", roles.AWARD_COMMITTEE_CHAIR), False),
    }
    factory = RequestFactory()
    for role, (user, allowed) in matrix.items():
        client.logout()
        login(client, user)
        for url in (REPORT, REPORT + "results/"):
            response = client.get(url)
            if allowed:
                assert response.status_code == 200, (role, url)
                assert "婺城慈善奖" in shown(response), role
            else:
                # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
                assert response.status_code == 302, (role, url, response.status_code)
                assert response["Location"] == reverse("wagtailadmin_home"), role
        request = factory.get("/admin/")
        request.user = user
        item = TrackerContradictionsMenuItem("x", REPORT)
        assert item.is_shown(request) is allowed, role


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the public progress page ----------------------------------------------------------------------


def evidence_cell(response, number):
    for row in soup(response).select("table.task-table tbody tr"):
        if row.select_one("th").get_text(strip=True) == str(number):
            return row.select("td")[-1]
    raise AssertionError(f"no task {number}")


@pytest.mark.django_db
def test_progress_page_links_the_live_evidence_of_each_task(client, linked_plan):
    response = client.get(linked_plan.url + "progress/")
    edition = zh(AwardEditionPage, "2026")
    links = {a["href"]: a.get_text(strip=True) for a in evidence_cell(response, 19).select("a")}
    assert links[edition.url] == edition.title
    rounds = evidence_cell(response, 15).select("a")
    assert len(rounds) == 2


@pytest.mark.django_db
def test_progress_page_never_names_or_links_a_draft_evidence_page(client, plan):
    draft = draft_copy(zh(InspectionRoundPage, "2026-random-inspection"), DRAFT_TITLE)
    plan = add_evidence(plan, 16, draft)
    response = client.get(plan.url + "progress/")
    html = response.content.decode()
    assert DRAFT_TITLE not in html and draft.slug not in html
    assert evidence_cell(response, 16).select("a") == []
    # Positive control: once published, the same link appears.
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert DRAFT_TITLE in client.get(plan.url + "progress/").content.decode()


@pytest.mark.django_db
def test_english_progress_page_links_the_english_evidence_page(client, linked_plan, english):
    translated = linked_plan.get_translation(english)
    response = client.get(translated.url + "progress/")
    edition = zh(AwardEditionPage, "2026").get_translation(english)
    links = {a["href"]: a.get_text(strip=True) for a in evidence_cell(response, 19).select("a")}
    assert links[edition.url] == "Second Wucheng Charity Award (2026)"


@pytest.mark.django_db
def test_progress_page_query_count_does_not_grow_with_evidence(client, linked_plan, english):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(page):
        client.get(page.url + "progress/")  # warm the caches (site root paths …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url + "progress/").status_code == 200
        return len(captured)

    translated = linked_plan.get_translation(english)
    before = (queries(linked_plan), queries(translated))
    plan = linked_plan
    for number, slug in ((1, "2023"), (2, "2026"), (3, "2023")):
        plan = add_evidence(plan, number, zh(AwardEditionPage, slug))
    assert (queries(plan), queries(translated)) == before


# --- editing the evidence: the page form checks it -------------------------------------------------


@pytest.fixture
def small_policy(plan):
    """A draft policy with two tasks, so the whole edit form can be posted."""
    page = PolicyDocumentPage(title="测试政策", slug="test-policy", issuing_body="婺城区民政局")
    page.tasks.add(
        PolicyTask(
            number=1, measure="任务一", deadline="2025年", deadline_year=2025, responsible_units="区民政局"
        )
    )
    page.tasks.add(PolicyTask(number=2, measure="任务二", deadline="长期", responsible_units="区民政局"))
    plan.get_parent().add_child(instance=page)
    page.save_revision()
    return page


def edit_data(client, page, evidence):
    """The edit form's data for ``page`` with ``evidence`` [(task number, page)] as its only evidence."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(url).context["form"]
    data = {"title": page.title, "slug": page.slug, "issuing_body": page.issuing_body, "status": "draft"}
    data["body-count"] = "0"
    tasks = [
        {
            "number": t.number,
            "measure": t.measure,
            "deadline": t.deadline,
            "responsible_units": t.responsible_units,
            "id": t.pk,
        }
        for t in page.tasks.all()
    ]
    links = [
        {"task_number": number, "evidence": target.pk, "kind": "started", "note": "", "id": ""}
        for number, target in evidence
    ]
    for name in form.formsets:  # every inline of the form; only these two have rows here
        rows = {"tasks": tasks, "task_evidence": links}.get(name, [])
        initial = len(rows) if name == "tasks" else 0
        data.update(
            {
                f"{name}-TOTAL_FORMS": str(len(rows)),
                f"{name}-INITIAL_FORMS": str(initial),
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{name}-{index}-{key}"] = "" if value is None else value
            data[f"{name}-{index}-ORDER"] = str(index + 1)
            data[f"{name}-{index}-DELETE"] = ""
    data["action-save"] = "save"
    return url, data


def saved_evidence(page):
    page.refresh_from_db()
    return [
        (e.task_number, e.evidence_id) for e in page.get_latest_revision().as_object().task_evidence.all()
    ]


@pytest.mark.django_db
def test_reviewer_links_a_task_to_a_live_award_edition(client, small_policy):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    edition = zh(AwardEditionPage, "2026")
    url, data = edit_data(client, small_policy, [(2, edition)])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert saved_evidence(small_policy) == [(2, edition.pk)]


@pytest.mark.django_db
def test_reviewer_cannot_link_a_draft_they_may_not_edit(client, small_policy):
    """Award editions are the committee chair's: a civil-affairs reviewer may not name a draft one
    (wucheng_site/references.py), and the form does not print its title back."""
    draft = draft_copy(zh(AwardEditionPage, "2026"), "第三届婺城慈善奖（未发布草稿）")
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    url, data = edit_data(client, small_policy, [(1, draft)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert saved_evidence(small_policy) == []
    errors = response.context["form"].formsets["task_evidence"].forms[0].errors
    assert errors["evidence"] == [refusal_message(Reference(Page, draft.pk))]
    assert "第三届婺城慈善奖（未发布草稿）" not in shown(response)


@pytest.mark.django_db
def test_evidence_must_be_a_page_of_an_evidence_type_and_a_task_of_the_list(client, small_policy, org_a):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    for evidence, field in (([(1, org_a)], "evidence"), ([(3, zh(AwardEditionPage, "2026"))], "task_number")):
        url, data = edit_data(client, small_policy, evidence)
        response = client.post(url, data)
        assert response.status_code == 200, evidence
        assert saved_evidence(small_policy) == [], evidence
        assert field in response.context["form"].formsets["task_evidence"].forms[0].errors, evidence
