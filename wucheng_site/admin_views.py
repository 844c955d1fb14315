"""Admin report: documents whose text could not be extracted (unreadable PDFs, scans)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry


def report_paths(route, view_class, name):
    """The two routes of a Wagtail report: the page at ``route`` named ``name``, and the results-only
    twin (``name``_results) its filters reload."""
    from django.urls import path

    return [
        path(route, view_class.as_view(), name=name),
        path(f"{route}results/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]


class UnreadableDocumentsReport(ReportView):
    """So staff can ask an organisation for a better file: these documents are published but their
    contents cannot be searched."""

    page_title = _("Documents without searchable text")
    header_icon = "doc-full"
    index_url_name = "unreadable_documents"
    index_results_url_name = "unreadable_documents_results"
    list_export = ["title", "collection.name", "text_status", "text_error", "created_at"]
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtaildocs:edit"),
        Column("collection", label=_("Collection")),
        Column("get_text_status_display", label=_("Text extraction")),
        Column("text_error", label=_("Error")),
        DateColumn("created_at", label=_("Uploaded")),
    ]

    def get_queryset(self):
        Document = get_document_model()
        policy = policy_registry.get_by_type(Document)
        return (
            policy.instances_user_has_permission_for(self.request.user, "change")
            .filter(text_status__in=[Document.TextStatus.FAILED, Document.TextStatus.EMPTY])
            .select_related("collection")
            .order_by("-created_at")
        )
