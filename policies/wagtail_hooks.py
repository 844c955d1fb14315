"""Admin for the records staff keep about policies: public comments (moderation), task status updates
and indicators. All under one "Policy implementation" menu; who sees what is set by model permissions
(home/roles.py: civil-affairs staff). Snippet edits are in Wagtail's audit log.

Under Reports, "Tracker contradictions" lists tasks whose status contradicts the site's evidence or the
task's indicators, for whoever may edit policy pages (policies/permissions.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wucheng_site.admin_guards import PrivateSnippetChooserViewSet
from wucheng_site.admin_i18n import TranslatedBreadcrumbsMixin

from .models import PolicyComment, PolicyIndicator, TaskStatusUpdate


class PolicyCommentViewSet(TranslatedBreadcrumbsMixin, SnippetViewSet):
    model = PolicyComment
    icon = "comment"
    menu_label = _("Public comments")
    list_display = ["reference", "policy", "submitted_at", "moderation", "adoption"]
    list_filter = ["moderation", "adoption", "policy"]
    search_fields = ["reference", "body"]
    ordering = ["-submitted_at"]
    # Comments come from the public form only.
    add_to_admin_menu = False
    copy_view_enabled = False
    # Names and contacts: the chooser (open to every admin user by default) needs the model permission.
    chooser_viewset_class = PrivateSnippetChooserViewSet
    inspect_view_enabled = True


class TaskStatusUpdateFilterSet(WagtailFilterSet):
    class Meta:
        model = TaskStatusUpdate
        fields = ["status", "task__page"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-filter would name it from the field names ("任务 page": Task.page has no verbose name).
        self.filters["task__page"].label = _("Policy document")


class TaskStatusUpdateViewSet(TranslatedBreadcrumbsMixin, SnippetViewSet):
    model = TaskStatusUpdate
    icon = "tasks"
    menu_label = _("Task status updates")
    list_display = ["task", "status", "date"]
    filterset_class = TaskStatusUpdateFilterSet
    ordering = ["-date"]


class PolicyIndicatorViewSet(TranslatedBreadcrumbsMixin, SnippetViewSet):
    model = PolicyIndicator
    icon = "crosshairs"
    menu_label = _("Targets and indicators")
    list_display = ["name", "policy", "target", "source"]
    list_filter = ["policy", "source"]


class PolicyViewSetGroup(SnippetViewSetGroup):
    items = (PolicyCommentViewSet, TaskStatusUpdateViewSet, PolicyIndicatorViewSet)
    menu_icon = "doc-full"
    menu_label = _("Policy implementation")
    menu_name = "policy-implementation"


register_snippet(PolicyViewSetGroup)


class TrackerContradictionsMenuItem(MenuItem):
    def is_shown(self, request):
        from .permissions import may_check_tracker

        return may_check_tracker(request.user)


@hooks.register("register_admin_urls")
def register_tracker_report_urls():
    from wucheng_site.admin_views import report_paths

    from .admin_views import TrackerContradictionsReport

    return report_paths(
        "reports/tracker-contradictions/", TrackerContradictionsReport, "policy_tracker_contradictions"
    )


@hooks.register("register_reports_menu_item")
def register_tracker_report_menu_item():
    return TrackerContradictionsMenuItem(
        _("Tracker contradictions"), reverse("policy_tracker_contradictions"), icon_name="warning", order=910
    )
