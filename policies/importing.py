"""Turn a policy document's text (policies/plan_text.py) into a PolicyDocumentPage with its tasks.

Idempotent: the page is found by its slug under the policy section; importing unchanged text changes
nothing (no new revision), changed text publishes one new revision. Task rows are matched by number,
so the status history recorded against them survives a re-import.
"""

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale

from . import plan_text
from .models import PolicyDocumentPage, PolicyIndexPage, PolicyTask
from .tracker import PolicyStatus

TASK_FIELDS = ("area", "measure", "deadline", "deadline_year", "responsible_units", "units_from_row_above")


@dataclass
class ImportResult:
    page: PolicyDocumentPage
    action: str  # "created", "updated" or "unchanged"
    tasks: int


def policy_section(locale=None):
    locale = locale or Locale.get_default()
    section = PolicyIndexPage.objects.filter(locale=locale).first()
    if section is None:
        raise LookupError("There is no policy section (政策文件) page yet; run setup_site first.")
    return section


def task_values(task):
    return {
        "area": task.area,
        "measure": task.measure,
        "deadline": task.deadline,
        "deadline_year": task.deadline_year,
        "responsible_units": "、".join(task.responsible_units),
        "units_from_row_above": task.units_from_row_above,
    }


CREATE_DEFAULTS = {"issuing_body": "婺城区民政局"}


@transaction.atomic
def import_plan(text, *, slug=None, new_slug=None, publish=True, **fields):
    """Create or update the policy page from ``text``.

    The page is found by ``slug`` when given, otherwise by its title within the policy section; a new
    page gets ``slug`` or ``new_slug``. ``fields`` (issuing body, document number, summary, dates,
    comment period) are set when given; on an existing page, fields not given are left as staff
    set them. Raises plan_text.PlanFormatError for text of the wrong shape.
    """
    plan = plan_text.parse_plan(text)
    section = policy_section()
    values = {"title": plan.title, **fields}
    if plan.is_draft:
        values["status"] = PolicyStatus.DRAFT
    body = plan_text.body_blocks(plan)
    wanted_tasks = {task.number: task_values(task) for task in plan.tasks}

    candidates = PolicyDocumentPage.objects.child_of(section)
    page = (candidates.filter(slug=slug) if slug else candidates.filter(title=plan.title)).first()
    if page is None:
        defaults = CREATE_DEFAULTS | {"summary": plan.preamble[0] if plan.preamble else ""}
        defaults["status"] = PolicyStatus.DRAFT if plan.is_draft else PolicyStatus.IN_FORCE
        page = PolicyDocumentPage(slug=slug or new_slug, body=body, **(defaults | values))
        for number, task in wanted_tasks.items():
            page.tasks.add(PolicyTask(number=number, sort_order=number, **task))
        section.add_child(instance=page)
        _save(page, publish)
        return ImportResult(page, "created", len(wanted_tasks))

    page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    current_tasks = {task.number: task for task in page.tasks.all()}
    changed = any(getattr(page, key) != value for key, value in values.items())
    changed |= list(page.body.raw_data) != body
    changed |= set(current_tasks) != set(wanted_tasks) or any(
        {key: getattr(current_tasks[n], key) for key in TASK_FIELDS} != wanted
        for n, wanted in wanted_tasks.items()
        if n in current_tasks
    )
    if not changed:
        return ImportResult(page, "unchanged", len(wanted_tasks))
    for key, value in values.items():
        setattr(page, key, value)
    page.body = body
    rows = []
    for number, wanted in wanted_tasks.items():
        row = current_tasks.get(number) or PolicyTask(number=number)
        for key, value in wanted.items():
            setattr(row, key, value)
        row.sort_order = number
        rows.append(row)
    page.tasks = rows
    _save(page, publish)
    return ImportResult(page, "updated", len(wanted_tasks))


def _save(page, publish):
    revision = page.save_revision(log_action=True)
    if publish:
        # A command run by staff on the server: it publishes like the review workflow's last step.
        revision.publish(skip_permission_checks=True)
