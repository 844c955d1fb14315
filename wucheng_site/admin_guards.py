"""Admin views Wagtail (and wagtail-localize) leave open to every admin user, guarded here.

Wagtail treats choosing as harmless: its page chooser lists every page of the tree (drafts of other
organisations included), the snippet chooser lists every snippet, the search-promotion query chooser
lists every query the public typed, and wagtail-localize's snippet API lists every snippet to anyone
with admin access (no "choose" permission for pages yet: wagtail/wagtail#9714). On this site those
lists hold drafts and personal data, so:

- the page chooser offers only pages that are live or that the user may edit (a hook on its lists,
  and a guard on the views that take a page id);
- everywhere in the admin, a page the user may not edit is named by its published title, or as "an
  unpublished page" (``SitePage.get_admin_display_title`` during admin requests, set by
  ``AdminTitlesMiddleware``): a newer draft title is not the user's to read;
- bulk actions (whose confirmation pages list every id in the URL, with titles) get only the ids of
  objects the user may act on;
- the admin API's document and image endpoints list only what the user may choose;
- the query chooser needs the search-promotion permission;
- the snippet API and snippet choosers need a permission on the model;
- wagtail-localize's "translate this page" needs the right to edit the page.

The guarded URLs are the same paths as Wagtail's, placed before the admin's own in
``wucheng_site/urls.py``; tests reach them through Wagtail's URL names, so a path that moved upstream
shows up as a failing test. See docs/security.md.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.permissions import page_permission_policy, policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .params import parse_id

# --- Pages ---------------------------------------------------------------------------------------


def choosable_pages_q(user):
    """Pages ``user`` may choose: live ones, and those they may edit (their own drafts)."""
    if user.is_superuser:
        return Q()
    editable = page_permission_policy.instances_user_has_any_permission_for(user, ["change", "publish"])
    return Q(live=True) | Q(pk__in=editable.values("pk"))


def choosable_pages(queryset, request):
    """``construct_page_chooser_queryset`` hook (browse and search lists)."""
    return queryset.filter(choosable_pages_q(request.user))


@require_admin_access
def choose_page_child(request, parent_page_id):
    """Browsing into a page shows its title: only into pages the user may choose."""
    if not Page.objects.filter(choosable_pages_q(request.user), pk=parent_page_id).exists():
        raise Http404
    return page_chooser.BrowseView.as_view()(request, parent_page_id=parent_page_id)


@require_admin_access
def page_chosen_multiple(request):
    """Titles of the chosen pages: only of pages the user may choose."""
    ids = _ids(request.GET.getlist("id"))
    allowed = Page.objects.filter(choosable_pages_q(request.user), pk__in=ids).values_list("pk", flat=True)
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in allowed])
    request.GET = query
    return page_chooser.ChosenMultipleView.as_view()(request)


class AdminTitlesMiddleware:
    """During admin requests, pages the user may not edit show only their published title (or "an
    unpublished page"): see ``wucheng_site.pages.SitePage.get_admin_display_title``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .pages import admin_titles_for

        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        with admin_titles_for(getattr(request, "user", None)):
            return self.get_response(request)


# --- Bulk actions --------------------------------------------------------------------------------

BULK_ACTIONS = ["change", "delete", "publish", "bulk_delete", "lock", "unlock"]


def _ids(values):
    return [pk for pk in map(parse_id, values) if pk is not None]


@require_admin_access
def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action view, given only the ids of objects the user may act on: its confirmation
    page names every selected object, including those it then refuses."""
    from wagtail.admin.views.bulk_action.dispatcher import index
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    ids = request.GET.getlist("id")
    if "all" in ids:
        ids = [
            str(pk)
            for pk in action_class(request, model).get_all_objects_in_listing_query(
                request.GET.get("childOf")
            )
        ]
    if request.user.is_superuser:
        allowed = _ids(ids)
    else:
        policy = page_permission_policy if issubclass(model, Page) else policy_registry.get_by_type(model)
        permitted = policy.instances_user_has_any_permission_for(request.user, BULK_ACTIONS)
        allowed = list(permitted.filter(pk__in=_ids(ids)).values_list("pk", flat=True))
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in allowed])
    request.GET = query
    return index(request, app_label, model_name, action)


# --- Search queries ------------------------------------------------------------------------------


def _require_model_permission(model, actions):
    def decorator(view):
        @require_admin_access
        def wrapped(request, *args, **kwargs):
            if not policy_registry.get_by_type(model).user_has_any_permission(request.user, actions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _query_chooser(get_results):
    from wagtail.contrib.search_promotions.views import chooser

    @_require_model_permission(SearchPromotion, ["add", "change", "delete"])
    def view(request):
        return chooser(request, get_results=get_results)

    return view


# --- Snippets ------------------------------------------------------------------------------------

LISTING_ACTIONS = ["add", "change", "delete", "view"]


def _snippet_api(action):
    from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
    from wagtail_localize.views import snippets_api

    @require_admin_access
    def view(request, app_label, model_name, **kwargs):
        model = get_snippet_model_from_url_params(app_label, model_name)
        if not policy_registry.get_by_type(model).user_has_any_permission(request.user, LISTING_ACTIONS):
            raise PermissionDenied
        return snippets_api.SnippetViewSet.as_view({"get": action})(
            request, app_label=app_label, model_name=model_name, **kwargs
        )

    return view


class PermissionCheckedChooserViewSet(ChooserViewSet):
    """A chooser whose every view (list, results, chosen) needs a permission on the model: for
    snippets that hold private data (e.g. policy comments with names and contacts)."""

    def _guard(self, view):
        model = self.model

        def wrapped(request, *args, **kwargs):
            if not policy_registry.get_by_type(model).user_has_any_permission(request.user, LISTING_ACTIONS):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    @property
    def choose_view(self):
        return self._guard(super().choose_view)

    @property
    def choose_results_view(self):
        return self._guard(super().choose_results_view)

    @property
    def chosen_view(self):
        return self._guard(super().chosen_view)

    @property
    def chosen_multiple_view(self):
        return self._guard(super().chosen_multiple_view)

    @property
    def create_view(self):
        return self._guard(super().create_view)


class PrivateSnippetChooserViewSet(PermissionCheckedChooserViewSet, SnippetChooserViewSet):
    pass


# --- Translations --------------------------------------------------------------------------------


@require_admin_access
def submit_page_translation(request, page_id):
    """wagtail-localize checks only ``submit_translation``: translating a page also needs the right to
    edit it (its draft title and content are shown and copied)."""
    from wagtail_localize.views.submit_translations import SubmitPageTranslationView

    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


# --- The admin API -------------------------------------------------------------------------------


def choosable_api_viewset(base):
    """The admin API's endpoint ``base`` (documents, images), listing only what the user may choose."""

    from rest_framework.authentication import SessionAuthentication

    class ChoosableAPIViewSet(base):
        # The admin's session (the public API has no authentication at all: settings.REST_FRAMEWORK).
        authentication_classes = [SessionAuthentication]

        def get_queryset(self):
            policy = policy_registry.get_by_type(self.model)
            allowed = policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change"])
            return super().get_queryset().filter(pk__in=allowed.values("pk"))

    ChoosableAPIViewSet.__name__ = f"Choosable{base.__name__}"
    return ChoosableAPIViewSet


# Same paths as Wagtail's and wagtail-localize's, matched first (wucheng_site/urls.py).
urlpatterns = [
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action),
    path("localize/submit/page/<int:page_id>/", submit_page_translation),
    path("choose-page/<int:parent_page_id>/", choose_page_child),
    path("choose-page/chosen-multiple/", page_chosen_multiple),
    path("searchpicks/queries/chooser/", _query_chooser(False)),
    path("searchpicks/queries/chooser/results/", _query_chooser(True)),
    path("localize/api/snippets/<slug:app_label>/<slug:model_name>/", _snippet_api("list")),
    path("localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/", _snippet_api("retrieve")),
]
