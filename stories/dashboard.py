"""The propaganda department's dashboard panel: shortcuts to stories and campaigns, and the signed-in
editor's own submissions in moderation or returned (docs/dashboards.md).

Editors come to the admin to write 慈善文化; Wagtail's home page offers them nothing to start from.
Their submissions' review is Wagtail's editorial approval workflow; the approvers' own queue is
Wagtail's "Awaiting your review" panel, so it is not repeated here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from accounts import roles

from .models import CampaignPage, StoryIndexPage, StoryPage

LIMIT = 10
GROUPS = (roles.PROPAGANDA_EDITORS, roles.PROPAGANDA_APPROVERS)


def is_editor(user):
    return user.is_authenticated and user.groups.filter(name__in=GROUPS).exists()


def my_submissions(user, index):
    """The workflow states ``user`` started on pages below ``index`` that are still open: waiting for
    approval, or returned with changes requested. Newest first."""
    pages = Page.objects.descendant_of(index).annotate(text_pk=Cast("pk", output_field=CharField()))
    return (
        WorkflowState.objects.filter(
            requested_by=user,
            status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=pages.values("text_pk"),
        )
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
    )


class StoriesPanel(Component):
    name = "stories_shortcuts"
    order = 50
    template_name = "stories/admin/dashboard_stories.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        index = StoryIndexPage.objects.filter(locale__language_code="zh-hans").first()
        if index is None:
            return {"index": None}
        states = list(my_submissions(self.user, index)[:LIMIT])
        titles = dict(
            Page.objects.filter(pk__in=[int(s.object_id) for s in states]).values_list("pk", "title")
        )
        submissions = [
            {
                "title": titles.get(int(state.object_id), ""),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[state.object_id]),
                "returned": state.status == WorkflowState.STATUS_NEEDS_CHANGES,
                "comment": state.current_task_state.comment
                if state.current_task_state and state.status == WorkflowState.STATUS_NEEDS_CHANGES
                else "",
                "submitted_at": state.created_at,
            }
            for state in states
        ]

        def add(model):
            return reverse(
                "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, index.pk)
            )

        explore = reverse("wagtailadmin_explore", args=[index.pk])
        campaign_type = ContentType.objects.get_for_model(CampaignPage)
        story_type = ContentType.objects.get_for_model(StoryPage)
        return {
            "index": index,
            "add_story_url": add(StoryPage),
            "add_campaign_url": add(CampaignPage),
            "stories_url": f"{explore}?content_type={story_type.pk}",
            "campaigns_url": f"{explore}?content_type={campaign_type.pk}",
            "explore_url": explore,
            "submissions": submissions,
        }


def panels_for(request):
    return [StoriesPanel(request.user)] if is_editor(request.user) else []
