"""Context for the disclosure section's routes: the directory and the compliance overview.

Presenters take the index page and the request's GET parameters and return template context;
``DisclosureIndexPage``'s routes render it. The open-data views stay in views.py (wired in urls)."""

from urllib.parse import urlencode

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wucheng_site.page_queries import default_locale_id, public
from wucheng_site.pagination import paginate

from . import compliance
from .compliance import ComplianceStatus
from .models import DisclosurePage, OrganisationKind, OrganisationPage, Rating, Town
from .standing import RECORD_FIELDS, standing

STATUS_FILTER_CHOICES = [
    ("", _("Any")),
    (ComplianceStatus.ON_TIME, _("All on time")),
    (ComplianceStatus.LATE, _("Some late")),
    (ComplianceStatus.MISSING, _("Some missing")),
]
SORTS = {
    "name": ("title", "pk"),
    "income": (F("summary__latest_total_income").desc(nulls_last=True), "title"),
    "latest": (F("summary__latest_disclosure_on").desc(nulls_last=True), "title"),
}


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
    sort = fixed_choice(
        _("Sort by"), [("name", _("Name")), ("income", _("Income")), ("latest", _("Latest disclosure"))]
    )


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


def _query_string(form):
    if not form.is_valid():
        return ""
    return urlencode({k: v for k, v in form.cleaned_data.items() if v})


def directory(index_page, params, request=None):
    """The filter form and one page of organisations; ``params`` is the request's GET. Two queries
    (the count and the page) whatever the number of organisations."""
    form = DirectoryFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = filter_organisations(organisations_of(index_page, request), data).select_related("summary")
    queryset = queryset.order_by(*SORTS.get(data.get("sort") or "name"))
    return {
        "form": form,
        "organisations": paginate(queryset, params.get("page", 1), 20),
        "filter_query": _query_string(form),
        "status_labels": dict(ComplianceStatus.choices),
    }


def compliance_overview(index_page, params, request=None):
    """Every organisation's on-time/late/missing record for the last five years, on one page."""
    form = ComplianceFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    organisations = list(
        filter_organisations(organisations_of(index_page, request), data)
        .select_related("summary")
        .order_by("title", "pk")
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
