"""The tracker reads the site's evidence (issue 12, item 5): tasks linked to the pages that evidence them,
the contradictions staff see, and the evidence links the public sees — live, public pages only."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from accounts import roles
from disclosures.accounts import create_organisation_account
from policies import tracker
from policies.evidence import checked_tasks
from policies.models import PolicyDocumentPage, PolicyIndexPage, PolicyTask, TaskStatusUpdate
from policies.wagtail_hooks import TrackerContradictionsMenuItem
from tests.factories import login, make_user, section, soup
from tests.oversight.factories import make_inspection_round
from tests.policies.factories import (
    TASK_DONE,
    TASK_IDLE,
    TASK_ONGOING_MET,
    TASK_OVERDUE_MET,
    TASK_OVERDUE_MIXED,
    TASK_UNDER_WAY,
    TASK_UNTOUCHED,
    add_evidence,
    draft_copy,
)
from tests.privacy import shown
from wucheng_site.references import Reference, refusal_message

REPORT = "/admin/reports/tracker-contradictions/"
DRAFT_TITLE = "尚未发布的抽查结果草稿标题"


def rules_by_task(page):
    return {check.task.number: [item.rule for item in check.contradictions] for check in checked_tasks(page)}


# --- the rules on real records ---------------------------------------------------------------------


@pytest.mark.django_db
def test_linked_plan_shows_the_contradictions_staff_must_see(linked_plan):
    found = rules_by_task(linked_plan)
    # 未启动 while a live award edition is linked as evidence of work on it.
    assert found[TASK_IDLE] == [tracker.ContradictionRule.EVIDENCE_SHOWS_STARTED]
    # 已逾期 (deadline last year) while its only indicator (community foundations ≥ 1) is met.
    assert found[TASK_OVERDUE_MET] == [tracker.ContradictionRule.INDICATORS_MET]
    # Linked to both inspection rounds and recorded in progress: consistent.
    assert found[TASK_UNDER_WAY] == []
    # Overdue, and one of its two indicators is not met: nothing contradicts.
    assert found[TASK_OVERDUE_MIXED] == []
    # Ongoing, in progress and meeting its target; done; untouched: nothing contradicts.
    assert found[TASK_ONGOING_MET] == found[TASK_DONE] == found[TASK_UNTOUCHED] == []


@pytest.mark.django_db
def test_task_recorded_done_while_an_indicator_misses_is_listed(plan):
    task = plan.tasks.get(number=TASK_OVERDUE_MIXED)  # volunteers 162,300 ≥ 160,000 met; 19.6 < 20 not
    assert rules_by_task(plan)[TASK_OVERDUE_MIXED] == []
    TaskStatusUpdate.objects.create(task=task, status=tracker.TaskStatus.DONE, date=timezone.localdate())
    assert rules_by_task(plan)[TASK_OVERDUE_MIXED] == [tracker.ContradictionRule.DONE_BUT_NOT_MET]


@pytest.mark.django_db
def test_task_not_started_with_evidence_contradicts_only_once_the_page_is_live(plan):
    round_ = make_inspection_round(title=DRAFT_TITLE, publish=False)
    plan = add_evidence(plan, TASK_UNTOUCHED, round_)  # 长期, nothing recorded: 未启动
    assert rules_by_task(plan)[TASK_UNTOUCHED] == []  # a draft proves nothing
    round_.save_revision().publish()
    assert rules_by_task(plan)[TASK_UNTOUCHED] == [tracker.ContradictionRule.EVIDENCE_SHOWS_STARTED]


@pytest.mark.django_db
def test_done_evidence_contradicts_a_task_in_progress(plan, past_edition):
    assert rules_by_task(plan)[TASK_UNDER_WAY] == []
    plan = add_evidence(plan, TASK_UNDER_WAY, past_edition, kind=tracker.EvidenceKind.DONE)
    assert rules_by_task(plan)[TASK_UNDER_WAY] == [
        tracker.ContradictionRule.EVIDENCE_SHOWS_DONE
    ]  # recorded in progress


# --- the staff report ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_lists_every_contradicting_task_with_links_to_fix_it(client, linked_plan):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    response = client.get(REPORT)
    page = soup(response)
    rows = page.select("tbody tr")
    listed = {row.select_one("td").get_text(" ", strip=True).split(".")[0] for row in rows}
    assert listed == {str(TASK_IDLE), str(TASK_OVERDUE_MET)}  # consistent tasks are not listed
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
    assert f"{linked_plan.title},{TASK_IDLE},未启动," in content
    assert f"{linked_plan.title},{TASK_OVERDUE_MET},已逾期," in content


@pytest.mark.django_db
def test_who_may_see_the_tracker_contradictions(client, org_a, linked_plan):
    org_user, _password = create_organisation_account(org_a, "org-a")
    idle_task = linked_plan.tasks.get(number=TASK_IDLE)
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
                assert idle_task.measure in shown(response), role  # a contradicting task is listed
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
def test_progress_page_links_the_live_evidence_of_each_task(
    client, linked_plan, live_edition, inspection_rounds
):
    response = client.get(linked_plan.url + "progress/")
    links = {a["href"]: a.get_text(strip=True) for a in evidence_cell(response, TASK_IDLE).select("a")}
    assert links == {live_edition.url: live_edition.title}
    rounds = {a["href"] for a in evidence_cell(response, TASK_UNDER_WAY).select("a")}
    assert rounds == {round_.url for round_ in inspection_rounds}
    assert evidence_cell(response, TASK_UNTOUCHED).select("a") == []


@pytest.mark.django_db
def test_progress_page_never_names_or_links_a_draft_evidence_page(client, plan, inspection_rounds):
    draft = draft_copy(inspection_rounds[1], DRAFT_TITLE)
    plan = add_evidence(plan, TASK_UNTOUCHED, draft)
    response = client.get(plan.url + "progress/")
    html = response.content.decode()
    assert DRAFT_TITLE not in html and draft.slug not in html
    assert evidence_cell(response, TASK_UNTOUCHED).select("a") == []
    # Positive control: once published, the same link appears.
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert DRAFT_TITLE in client.get(plan.url + "progress/").content.decode()


@pytest.mark.django_db
def test_english_progress_page_links_the_english_evidence_page(
    client, linked_plan, translated_plan, live_edition, translated_live_edition
):
    translated = translated_plan
    response = client.get(translated.url + "progress/")
    edition = translated_live_edition
    links = {a["href"]: a.get_text(strip=True) for a in evidence_cell(response, TASK_IDLE).select("a")}
    assert links == {edition.url: edition.title}
    assert edition.title != live_edition.title  # the English title, not the Chinese one


@pytest.mark.django_db
def test_progress_page_query_count_does_not_grow_with_evidence(
    client, linked_plan, translated_plan, live_edition, past_edition
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(page):
        client.get(page.url + "progress/")  # warm the caches (site root paths …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url + "progress/").status_code == 200
        return len(captured)

    translated = translated_plan
    before = (queries(linked_plan), queries(translated))
    plan = linked_plan
    for number, edition in (
        (TASK_DONE, past_edition),
        (TASK_UNDER_WAY, live_edition),
        (TASK_IDLE, past_edition),
    ):
        plan = add_evidence(plan, number, edition)
    assert (queries(plan), queries(translated)) == before


# --- editing the evidence: the page form checks it -------------------------------------------------


@pytest.fixture
def small_policy(db):
    """A draft policy with two tasks, so the whole edit form can be posted."""
    page = PolicyDocumentPage(title="测试政策", slug="test-policy", issuing_body="婺城区民政局")
    page.tasks.add(
        PolicyTask(
            number=1, measure="任务一", deadline="2025年", deadline_year=2025, responsible_units="区民政局"
        )
    )
    page.tasks.add(PolicyTask(number=2, measure="任务二", deadline="长期", responsible_units="区民政局"))
    section(PolicyIndexPage).add_child(instance=page)
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
def test_reviewer_links_a_task_to_a_live_award_edition(client, small_policy, live_edition):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    edition = live_edition
    url, data = edit_data(client, small_policy, [(2, edition)])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert saved_evidence(small_policy) == [(2, edition.pk)]


@pytest.mark.django_db
def test_reviewer_cannot_link_a_draft_they_may_not_edit(client, small_policy, live_edition):
    """Award editions are the committee chair's: a civil-affairs reviewer may not name a draft one
    (wucheng_site/references.py), and the form does not print its title back."""
    draft = draft_copy(live_edition, "第三届婺城慈善奖（未发布草稿）")
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    url, data = edit_data(client, small_policy, [(1, draft)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert saved_evidence(small_policy) == []
    errors = response.context["form"].formsets["task_evidence"].forms[0].errors
    assert errors["evidence"] == [refusal_message(Reference(Page, draft.pk))]
    assert "第三届婺城慈善奖（未发布草稿）" not in shown(response)


@pytest.mark.django_db
def test_evidence_must_be_a_page_of_an_evidence_type_and_a_task_of_the_list(
    client, small_policy, org_a, live_edition
):
    login(client, make_user("reviewer", roles.CIVIL_AFFAIRS_REVIEWERS))
    for evidence, field in (([(1, org_a)], "evidence"), ([(3, live_edition)], "task_number")):
        url, data = edit_data(client, small_policy, evidence)
        response = client.post(url, data)
        assert response.status_code == 200, evidence
        assert saved_evidence(small_policy) == [], evidence
        assert field in response.context["form"].formsets["task_evidence"].forms[0].errors, evidence
