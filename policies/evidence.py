"""What the tracker reads from the site itself: pages linked to tasks as evidence (``TaskEvidence``), and
each task's own indicators, checked against the status the task is shown with (policies/tracker.py).

Only live, public pages count and are ever named: a draft inspection round neither proves anything
nor appears on the public progress page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Page

from . import indicators, tracker
from .models import PolicyTask, TaskStatusUpdate


@dataclass(frozen=True)
class EvidenceLink:
    title: str
    url: str
    kind: str
    note: str


@dataclass
class TaskCheck:
    """One task of a policy, its shown status, and where that status contradicts the site."""

    task: PolicyTask
    status: str
    evidence_count: int
    contradictions: list = field(default_factory=list)

    @property
    def label(self):
        return tracker.TaskStatus(self.status).label


def _live_evidence(page):
    """[(TaskEvidence, live public Page)] of ``page``, in the editors' order; others are left out."""
    rows = list(page.task_evidence.all())
    live = Page.objects.live().public().in_bulk([row.evidence_id for row in rows])
    return [(row, live[row.evidence_id]) for row in rows if row.evidence_id in live]


def public_evidence(page, request=None):
    """{task number: [EvidenceLink]} for the progress page of ``page`` (in any language).

    Evidence is recorded on the Chinese page, like task statuses. Each link goes to the evidence page
    in the visitor's language where that translation is live and public, else to the Chinese page."""
    source = page.source_page
    found = _live_evidence(source)
    translated = {}
    if page.locale_id != source.locale_id and found:
        translated = {
            other.translation_key: other
            for other in Page.objects.live()
            .public()
            .filter(
                locale_id=page.locale_id,
                translation_key__in=[target.translation_key for _row, target in found],
            )
        }
    links = defaultdict(list)
    for row, target in found:
        shown = translated.get(target.translation_key, target)
        url = shown.get_url(request)
        if url:  # a page outside every site has no public address
            links[row.task_number].append(EvidenceLink(shown.title, url, row.kind, row.note))
    return dict(links)


def indicator_results(page, today):
    """{task number: [whether each of its indicators' latest value meets the target, None if no value]}."""
    results = defaultdict(list)
    for indicator in page.indicators.prefetch_related("values"):
        if indicator.task_number is None:
            continue
        values = indicators.yearly_values(indicator, indicators.FIRST_TRACKED_YEAR, today)
        latest = next(
            (value for _year, value, _note, _computed in reversed(values) if value is not None), None
        )
        results[indicator.task_number].append(
            tracker.meets_target(latest, indicator.target, indicator.comparison)
        )
    return dict(results)


def checked_tasks(page, today=None):
    """[TaskCheck] for every task of ``page`` (the Chinese page, which holds the tracker records)."""
    today = today or timezone.localdate()
    tasks = PolicyTask.objects.filter(page=page).prefetch_related(
        Prefetch("status_updates", queryset=TaskStatusUpdate.objects.order_by("date", "pk"))
    )
    evidence = defaultdict(list)
    for row, _target in _live_evidence(page):
        evidence[row.task_number].append(row.kind)
    met = indicator_results(page, today)
    checks = []
    for task in tasks:
        history = [(update.date, update.status) for update in task.status_updates.all()]
        status = tracker.current_status(history, task.deadline_year, today)
        kinds = evidence.get(task.number, [])
        checks.append(
            TaskCheck(
                task=task,
                status=status,
                evidence_count=len(kinds),
                contradictions=tracker.contradictions(
                    status, task.deadline_year, kinds, met.get(task.number, [])
                ),
            )
        )
    return checks
