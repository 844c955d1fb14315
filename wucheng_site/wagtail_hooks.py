"""Site-wide admin and serving hooks."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry


def document_is_public(document):
    """A document is public once a live, public page uses it (attachment, link in text …)."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().public().filter(pk__in=[int(pk) for pk in page_ids]).exists()


@hooks.register("before_serve_document")
def serve_only_published_documents(document, request):
    """Unpublished documents are not served: an organisation's draft attachment stays private until
    its disclosure is published. Staff who may edit or choose the document can still open it."""
    if document_is_public(document):
        return None
    user = request.user
    if user.is_authenticated:
        policy = policy_registry.get_by_type(type(document))
        if policy.user_has_any_permission_for_instance(user, ["change", "choose"], document):
            return None
    raise Http404


@hooks.register("construct_page_chooser_queryset")
def only_choosable_pages(pages, request):
    """The page chooser lists live pages and the user's own, never other people's drafts."""
    from .admin_guards import choosable_pages

    return choosable_pages(pages, request)


@hooks.register("construct_admin_api", order=1)
def choosable_documents_and_images_in_the_admin_api(router):
    """After Wagtail's own registrations: the admin API's documents and images endpoints list only what
    the user may choose (wucheng_site/admin_guards.py)."""
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    from .admin_guards import choosable_api_viewset

    router.register_endpoint("documents", choosable_api_viewset(DocumentsAdminAPIViewSet))
    router.register_endpoint("images", choosable_api_viewset(ImagesAdminAPIViewSet))


@hooks.register("register_admin_urls")
def register_report_urls():
    from .admin_views import UnreadableDocumentsReport, report_paths

    return report_paths("reports/unreadable-documents/", UnreadableDocumentsReport, "unreadable_documents")


@hooks.register("register_reports_menu_item")
def register_unreadable_documents_menu_item():
    return MenuItem(
        _("Documents without searchable text"),
        reverse("unreadable_documents"),
        icon_name="doc-full",
        order=900,
    )
