"""Site-wide admin and serving hooks."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import hooks
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
