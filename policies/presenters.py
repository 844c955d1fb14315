"""Context for the policy section: the filtered list, a policy page, and its implementation progress.

Presenters take a page and the request (or its GET parameters) and return template context; the
pages render it (``PolicyIndexPage.get_context``, ``PolicyDocumentPage``'s routes)."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wucheng_site import charts
from wucheng_site.page_queries import is_public
from wucheng_site.pagination import paginate

from . import evidence, indicators, tracker
from .models import PolicyComment, PolicyDocumentPage, PolicyTask, TaskStatusUpdate

FIRST_TRACKED_YEAR = indicators.FIRST_TRACKED_YEAR


class PolicyFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *tracker.PolicyStatus.choices], required=False
    )
    body = forms.ChoiceField(label=_("Issuing body"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, bodies=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("Any"))] + [(b, b) for b in bodies]
        self.fields["year"].choices = [("", _("Any"))] + [(y, y) for y in years]


def policy_listing_context(index_page, request):
    policies = list(index_page.get_listing())
    form = PolicyFilterForm(
        request.GET or None,
        bodies=sorted({p.issuing_body for p in policies}),
        years=sorted({p.year for p in policies}, reverse=True),
    )
    query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            policies = [p for p in policies if p.status == data["status"]]
        if data["body"]:
            policies = [p for p in policies if p.issuing_body == data["body"]]
        if data["year"]:
            policies = [p for p in policies if p.year == data["year"]]
        # The valid filters only, escaped: not whatever else the visitor put in the address.
        query = urlencode({key: value for key, value in data.items() if value})
    return {
        "form": form,
        "policies": paginate(policies, request.GET.get("page", 1), index_page.per_page),
        "filter_query": query,
        "status_choices": dict(tracker.PolicyStatus.choices),
    }


def related_policies(page, request=None):
    """The live, public policies ``page`` names as related, in its order (one query)."""
    related = []
    for relation in page.related_policies.select_related("related__policydocumentpage"):
        try:
            policy = relation.related.policydocumentpage
        except PolicyDocumentPage.DoesNotExist:
            continue  # not a policy document (the chooser allows none, an old row might)
        if policy.live and is_public(policy, request):
            related.append(policy)
    return related


def policy_page_context(page, request):
    source = page.source_page
    tasks = list(page.tasks.all())
    return {
        "toc": page.table_of_contents(has_tasks=bool(tasks)),
        "tasks": tasks,
        "attachments": list(page.attachments.select_related("document")),
        "related": related_policies(page, request),
        "comment_state": page.comment_state(),
        "published_comments": list(
            # Public fields only (never the name or contact); with ``policy``, which the related
            # manager reads to attach the policy to each comment (a query per comment without it).
            source.comments.filter(moderation=PolicyComment.Moderation.PUBLISHED).only(
                "policy", "section", "body", "submitted_at", "adoption", "response"
            )
        ),
    }


def task_rows(page, today=None, request=None):
    """Each task of the page with its current status, public history and evidence links (all from the
    source page; evidence pages only while live and public, policies/evidence.py)."""
    today = today or timezone.localdate()
    links = evidence.public_evidence(page, request)
    source_tasks = {
        task.number: task
        for task in PolicyTask.objects.filter(page=page.source_page).prefetch_related(
            Prefetch("status_updates", queryset=TaskStatusUpdate.objects.order_by("date", "pk"))
        )
    }
    rows = []
    # The Chinese page shows its own tasks; a translation shows its translated texts.
    tasks = source_tasks.values() if page.source_page is page else page.tasks.all()
    for task in tasks:
        source = source_tasks.get(task.number)
        history = list(source.status_updates.all()) if source else []
        status = tracker.current_status([(u.date, u.status) for u in history], task.deadline_year, today)
        rows.append(
            {
                "task": task,
                "status": status,
                "label": tracker.TaskStatus(status).label,
                "history": history,
                "evidence": links.get(task.number, []),
            }
        )
    return rows


def indicator_rows(page, today=None):
    today = today or timezone.localdate()
    english = get_language() == "en"
    rows = []
    for indicator in page.source_page.indicators.prefetch_related("values"):
        values = indicators.yearly_values(indicator, FIRST_TRACKED_YEAR, today)
        latest = next((v for v in reversed(values) if v[1] is not None), None)
        name = indicator.name_en if english and indicator.name_en else indicator.name
        unit = indicator.unit_en if english and indicator.unit_en else indicator.unit
        rows.append(
            {
                "indicator": indicator,
                "name": name,
                "unit": unit,
                "values": [
                    {
                        "year": year,
                        "value": value,
                        "display": tracker.format_number(value),
                        "note": note,
                        "computed": computed,
                        "met": tracker.meets_target(value, indicator.target, indicator.comparison),
                    }
                    for year, value, note, computed in values
                ],
                "latest": latest,
                "latest_display": tracker.format_number(latest[1]) if latest else "",
                "target_display": tracker.format_number(indicator.target),
                "met": tracker.meets_target(
                    latest[1] if latest else None, indicator.target, indicator.comparison
                ),
                "share": tracker.share_of_target(
                    latest[1] if latest else None, indicator.target, indicator.comparison
                ),
                "chart": _indicator_chart(indicator, name, unit, values),
            }
        )
    return rows


def _indicator_chart(indicator, name, unit, values):
    plotted = [(year, value) for year, value, _note, _computed in values if value is not None]
    if len(plotted) < 2:
        return ""
    groups = [
        charts.Group(
            label=str(year),
            bars=[charts.Bar(label="", segments=[charts.Segment(name, value, "chart__bar--charitable")])],
        )
        for year, value in plotted
    ]
    target = f"{indicator.get_comparison_display()} {tracker.format_number(indicator.target)}{unit}"
    description = _("%(name)s by year; target %(target)s. The same figures are in the table below.") % {
        "name": name,
        "target": target,
    }
    return charts.stacked_bar_chart(
        groups,
        title=name,
        description=description,
        unit_label=unit,
        # Not "indicator-N": the section's heading already has the id indicator-N-title.
        chart_id=f"indicator-{indicator.pk}-chart",
        unit_divisor=1,
        decimals=0 if all(value == int(value) for _year, value in plotted) else 1,
    )


def progress(page, request):
    """The task list with each task's status and evidence, the counts by status, and the indicators."""
    rows = task_rows(page, request=request)
    return {
        "task_rows": rows,
        "counts": [
            (status, tracker.TaskStatus(status).label, count)
            for status, count in tracker.status_counts(row["status"] for row in rows).items()
        ],
        "indicator_rows": indicator_rows(page),
    }
