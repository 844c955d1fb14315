"""Routing a URL to a page in one query per level of the tree instead of two (for every app's page
types: here on the ground floor, tests/wucheng_site/test_layers.py)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


class ChildRouteMixin:
    """For page types whose children are all, or mostly, of one type: ``child_route_model``, by default
    the only model ``subpage_types`` names.

    Wagtail's ``Page.route`` finds the child by slug as a plain ``Page``, then loads its specific
    page: two queries for every level of the URL (a disclosure, five levels down, cost eight before
    its own content). Here the child is looked up as that type at once. A child of another type (a
    campaign among stories, or a page moved there despite ``subpage_types``) or no child with that
    slug then goes Wagtail's way, so what answers is the same; only the cost differs.
    """

    child_route_model = None  # "app_label.ModelName"

    def child_route_queryset(self):
        """Children of ``self`` as their specific type, or None to route as Wagtail does."""
        model = self.child_route_model or (self.subpage_types[0] if len(self.subpage_types) == 1 else None)
        if model is None:
            return None
        return apps.get_model(model)._default_manager.child_of(self)

    def route(self, request, path_components):
        queryset = self.child_route_queryset() if path_components else None
        if queryset is not None:
            child = queryset.filter(slug=path_components[0]).first()
            if child is not None and child.content_type_id == ContentType.objects.get_for_model(child).pk:
                # As Page.route does: the parent stays on the child (breadcrumbs, get_parent()).
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
