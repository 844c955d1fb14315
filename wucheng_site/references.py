"""References from an edited page to documents, images and other pages, checked against the editor.

Wagtail's page form accepts any id in a chooser field, a rich-text link or a StreamField block: an
organisation account could attach another organisation's unpublished document (which a normal
approval would then serve to anyone, wucheng_site/wagtail_hooks.py) or point at another
organisation's draft. Here every reference in a submitted page form must be one the editing user
may choose — a document or image in a collection they may choose from, a page that is live or that
they may edit — unless the page already held it. See docs/security.md.
"""

from dataclasses import dataclass

from django.db.models import ForeignKey
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry


@dataclass(frozen=True)
class Reference:
    model: type
    pk: int

    @property
    def kind(self):
        for base in (Page, get_document_model(), get_image_model()):
            if issubclass(self.model, base):
                return base
        return None

    @property
    def key(self):
        """Comparable across subclasses: (base model, pk)."""
        return (self.kind, self.pk)


def _checked(model):
    return model is not None and issubclass(model, (Page, get_document_model(), get_image_model()))


def _as_pk(value):
    pk = getattr(value, "pk", value)
    try:
        return int(pk)
    except (TypeError, ValueError):
        return None


def references_in_values(model, values):
    """Yield (field name, Reference) for the values of ``model``'s fields in ``values`` (a dict).

    Foreign keys to pages, documents and images, and whatever rich text and StreamFields contain
    (their own ``extract_references``, as Wagtail's reference index uses). A child's ParentalKey to
    its own page is not a reference."""
    for name, value in list(values.items()):
        if value in (None, ""):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if isinstance(field, ForeignKey):
            if not isinstance(field, ParentalKey) and _checked(field.related_model):
                pk = _as_pk(value)
                if pk is not None:
                    yield name, Reference(field.related_model, pk)
        elif hasattr(field, "extract_references"):
            for referenced_model, object_id, _model_path, _content_path in field.extract_references(value):
                pk = _as_pk(object_id)
                if _checked(referenced_model) and pk is not None:
                    yield name, Reference(referenced_model, pk)


def references_in_instance(instance):
    """Every Reference held by a saved page (or page revision) and its child objects."""
    from modelcluster.models import get_all_child_relations

    model = type(instance)
    values = {field.name: getattr(instance, field.name, None) for field in model._meta.concrete_fields}
    found = {reference for _name, reference in references_in_values(model, values)}
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            found |= references_in_instance(child)
    return found


def may_choose(user, reference):
    """Whether ``user`` may put ``reference`` on a page they edit."""
    kind = reference.kind
    obj = kind.objects.filter(pk=reference.pk).first() if kind else None
    if obj is None:
        return False
    if kind is Page:
        return obj.live or obj.permissions_for_user(user).can_edit()
    policy = policy_registry.get_by_type(kind)
    return policy.user_has_permission_for_instance(user, "choose", obj)


REFUSAL_MESSAGES = {
    "page": _(
        "This refers to a page (id %(id)s) that is not published and that you may not edit. "
        "Choose a published page or one of your own."
    ),
    "document": _(
        "This refers to a document (id %(id)s) that you may not use. Choose one of your own documents "
        "or upload it again."
    ),
    "image": _("This refers to an image (id %(id)s) that you may not use. Choose one of your own images."),
}


def refusal_message(reference):
    kind = reference.kind
    key = "page" if kind is Page else "document" if kind is get_document_model() else "image"
    return REFUSAL_MESSAGES[key] % {"id": reference.pk}
