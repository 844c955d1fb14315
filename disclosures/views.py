"""Open data: the datasets page and the CSV/JSON files (wired in wucheng_site/urls.py).

The directory and the compliance overview are routes of ``DisclosureIndexPage``, their context in
presenters.py."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from . import opendata


def open_data_file(request, dataset, extension):
    if dataset not in opendata.DATASETS or extension not in ("csv", "json"):
        raise Http404
    if extension == "csv":
        response = HttpResponse(opendata.as_csv(dataset, request), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{dataset}.csv"'
    else:
        response = HttpResponse(
            opendata.as_json(dataset, request), content_type="application/json; charset=utf-8"
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_page(request):
    return TemplateResponse(
        request,
        "disclosures/open_data.html",
        {
            "datasets": [
                {"name": name, "label": name.label, "columns": columns, "formats": ("csv", "json")}
                for name, columns in opendata.DATASETS.items()
            ],
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
        },
    )
