"""Context for the disclosure section's routes: the directory and the compliance overview.

Presenters take the index page and the request's GET parameters and return template context;
``DisclosureIndexPage``'s routes render it. The open-data views stay in views.py (wired in urls)."""

from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wucheng_site.page_queries import default_locale_id, public
from wucheng_site.pagination import paginate

from . import compliance, name_order
from .compliance import ComplianceStatus
from .models import DisclosurePage, OrganisationKind, OrganisationPage, Rating, Town
from .standing import RECORD_FIELDS, standing

STATUS_FILTER_CHOICES = [
    ("", _("Any")),
    (ComplianceStatus.ON_TIME, _("All on time")),
    (ComplianceStatus.LATE, _("Some late")),
    (ComplianceStatus.MISSING, _("Some missing")),
]


class FixedSelect(forms.Select):
    """A ``<select>`` whose HTML is rendered once per name, value, attributes, language and choices,
    then reused: Django renders every ``<option>`` through a template of its own, so the directory's
    six fixed filters (forty-odd options) cost more CPU than its twenty results."""

    _rendered = {}

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            type(self),
            name,
            str(value),
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
            get_language(),
            tuple((str(option), str(label)) for option, label in self.choices),
        )
        html = self._rendered.get(key)
        if html is None:
            if len(self._rendered) > 1000:  # bounded: values come from visitors
                self._rendered.clear()
            html = self._rendered[key] = super().render(name, value, attrs, renderer)
        return html


def fixed_choice(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=FixedSelect, **kwargs)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    kind = fixed_choice(_("Kind"), [("", _("Any")), *OrganisationKind.choices])
    fundraising = fixed_choice(
        _("Public-fundraising qualification"), [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
    )
    rating = fixed_choice(_("Rating"), [("", _("Any")), *Rating.choices])
    town = fixed_choice(_("Town or street"), [("", _("Any")), *Town.choices])
    status = fixed_choice(_("Disclosure record"), STATUS_FILTER_CHOICES)
    # The table's order, kept when the filters are applied; set by the column headers' links and
    # read by ``directory_sort`` (any value: a bad one gives the default order, never an invalid form).
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    dir = forms.CharField(required=False, widget=forms.HiddenInput)


class ComplianceFilterForm(forms.Form):
    kind = fixed_choice(_("Kind"), [("", _("Any")), *OrganisationKind.choices])
    fundraising = DirectoryFilterForm.base_fields["fundraising"]
    town = DirectoryFilterForm.base_fields["town"]
    status = DirectoryFilterForm.base_fields["status"]


def organisations_of(index_page, request=None):
    """Live organisations of the directory. Profiles are kept in Chinese (names are legal names), so
    the English directory lists the Chinese tree's organisations."""
    default = default_locale_id()
    source = index_page if index_page.locale_id == default else index_page.get_translation_or_none(default)
    if source is None:
        return OrganisationPage.objects.none()
    return public(OrganisationPage.objects.child_of(source).live(), request)


def filter_organisations(queryset, data):
    if data.get("q"):
        term = data["q"].strip()
        queryset = queryset.filter(title__icontains=term) | queryset.filter(credit_code=term.upper())
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("fundraising"):
        queryset = queryset.filter(public_fundraising=data["fundraising"] == "yes")
    if data.get("rating"):
        queryset = queryset.filter(rating=data["rating"])
    if data.get("town"):
        queryset = queryset.filter(town=data["town"])
    if data.get("status"):
        queryset = queryset.filter(summary__compliance_status=data["status"])
    return queryset


def name_key():
    """The pinyin order of names (disclosures/name_order.py): the stored key compared byte by byte,
    which SQLite does by default and PostgreSQL does under the "C" collation (its database default may
    be a locale that skips spaces)."""
    if connection.vendor == "postgresql":
        return Collate("name_sort_key", "C")
    return F("name_sort_key")


def by_name():
    """Names in pinyin order; the page id for names with the same key."""
    return [name_key().asc(), "pk"]


def _rank(field, values):
    """An integer per value in the given order; anything else (a blank) is NULL, so it sorts last."""
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)),
        default=None,
        output_field=IntegerField(),
    )


TOWNS_BY_PINYIN = sorted(Town.values, key=name_order.sort_key)
# The record from best to worst; "no obligations yet" is blank and sorts last either way.
RECORD_ORDER = [
    ComplianceStatus.ON_TIME,
    ComplianceStatus.DUE,
    ComplianceStatus.LATE,
    ComplianceStatus.MISSING,
]

ASC, DESC = "asc", "desc"


class Column:
    """A sortable column of the directory: its label, the direction a first click sorts it in, and the
    value it sorts by (blanks last in both directions, then the name order)."""

    def __init__(self, key, label, first, value):
        self.key, self.label, self.first, self.value = key, label, first, value

    def ordering(self, direction):
        if self.key == "name":
            return [name_key().desc(), F("pk").desc()] if direction == DESC else by_name()
        value = self.value()
        value = value.desc(nulls_last=True) if direction == DESC else value.asc(nulls_last=True)
        return [value, *by_name()]


COLUMNS = {
    column.key: column
    for column in [
        Column("name", _("Name"), ASC, None),
        Column("kind", _("Kind"), ASC, lambda: _rank("kind", OrganisationKind.values)),
        Column("town", _("Town or street"), ASC, lambda: _rank("town", TOWNS_BY_PINYIN)),
        Column("fundraising", _("Public fundraising"), DESC, lambda: F("public_fundraising")),
        # 1A … 5A: the rating's value, so "descending" puts 5A first as a reader expects.
        Column("rating", _("Rating"), DESC, lambda: _rank("rating", reversed(Rating.values))),
        Column("income", _("Latest income"), DESC, lambda: F("summary__latest_total_income")),
        Column("latest", _("Latest disclosure"), DESC, lambda: F("summary__latest_disclosure_on")),
        Column(
            "record", _("Disclosure record"), ASC, lambda: _rank("summary__compliance_status", RECORD_ORDER)
        ),
    ]
}
DEFAULT_SORT = "name"


def directory_sort(params):
    """The column and direction asked for in ``?sort=…&dir=…``; the default (name, A to Z) for
    anything unknown, and the column's own first direction when ``dir`` is missing or unknown."""
    column = COLUMNS.get(params.get("sort") or DEFAULT_SORT) or COLUMNS[DEFAULT_SORT]
    direction = params.get("dir")
    if direction not in (ASC, DESC):
        direction = column.first
    return column, direction


def _filters(form):
    """The filters in use, as query parameters (without the order and the page)."""
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v and k not in ("sort", "dir")}


def header_cells(filters, column, direction):
    """One header per column: its sort link (the filters kept, back to page 1) and its ``aria-sort``.
    A sorted column's link reverses it; another column's link sorts it in its first direction."""
    cells = []
    for candidate in COLUMNS.values():
        sorted_here = candidate is column
        target = (DESC if direction == ASC else ASC) if sorted_here else candidate.first
        cells.append(
            {
                "key": candidate.key,
                "label": candidate.label,
                "url": "?" + urlencode({**filters, "sort": candidate.key, "dir": target}),
                "aria_sort": ("ascending" if direction == ASC else "descending") if sorted_here else "",
            }
        )
    return cells


def directory(index_page, params, request=None):
    """The filter form, the table's headers and one page of organisations; ``params`` is the
    request's GET. Two queries (the count and the page) whatever the number of organisations."""
    column, direction = directory_sort(params)
    params = params.copy()
    params["sort"], params["dir"] = column.key, direction  # the form keeps the order actually used
    form = DirectoryFilterForm(params)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = filter_organisations(organisations_of(index_page, request), data).select_related("summary")
    queryset = queryset.order_by(*column.ordering(direction))
    filters = _filters(form)
    return {
        "form": form,
        "organisations": paginate(queryset, params.get("page", 1), 20),
        "filter_query": urlencode(filters),
        "page_query": urlencode({**filters, "sort": column.key, "dir": direction}),
        "columns": header_cells(filters, column, direction),
        "sorted_column": column,
        "sorted_direction": direction,
        "status_labels": dict(ComplianceStatus.choices),
    }


def compliance_overview(index_page, params, request=None):
    """Every organisation's on-time/late/missing record for the last five years, on one page."""
    form = ComplianceFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    organisations = list(
        filter_organisations(organisations_of(index_page, request), data)
        .select_related("summary")
        .order_by(*by_name())
    )
    paths = {org.path: org for org in organisations}
    rows_by_org = {}
    if organisations:
        for row in public(DisclosurePage.objects.live(), request).only(*RECORD_FIELDS, "path", "depth"):
            parent = paths.get(row.path[: -DisclosurePage.steplen])
            if parent is not None:
                rows_by_org.setdefault(parent.pk, []).append(row)
    today = timezone.localdate()
    years = list(range(today.year - compliance.YEARS_SHOWN, today.year))
    table = []
    for org in organisations:
        result = standing(org, rows_by_org.get(org.pk, []), today)
        by_year = {record.year: record.status for record in result["years"]}
        table.append(
            {
                "organisation": org,
                "status": result["status"],
                "years": [(year, by_year.get(year, ComplianceStatus.NONE)) for year in years],
            }
        )
    return {
        "form": form,
        "years": years,
        "table": table,
        "status_labels": dict(ComplianceStatus.choices),
        "counts": {
            status: sum(1 for row in table if row["status"] == status)
            for status in (ComplianceStatus.ON_TIME, ComplianceStatus.LATE, ComplianceStatus.MISSING)
        },
    }
