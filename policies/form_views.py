"""The public comment form of a draft policy (``PolicyDocumentPage``'s ``comment/`` routes), through the
one public-form flow (wucheng_site/form_flow.py); the comment is kept by ``comments.receive_comment``.
And the status look-up by reference (``PolicyIndexPage``'s ``comments/status/`` route)."""

from django.db.models import Subquery
from django.utils.translation import gettext as _
from wagtail.models import Page

from wucheng_site import form_flow
from wucheng_site.public_forms import Outcome

from . import tracker
from .comments import COMMENT_PREFIX, comment_status, receive_comment
from .forms import CommentStatusForm, PolicyCommentForm

# Look-ups per visitor and hour. A reference's random part has 31^6 ≈ 8.9 × 10^8 values per day, so
# at this rate guessing one would take some 30 million hours; people checking their own comment
# need a handful.
STATUS_LOOKUPS_PER_HOUR = 30


class CommentFlow(form_flow.PublicFormFlow):
    scope = "policy-comment"
    reference_prefix = COMMENT_PREFIX
    form_class = PolicyCommentForm
    template_name = "policies/comment_form.html"
    thanks_template_name = "policies/comment_thanks.html"
    thanks_route = "comment_thanks"

    def is_open(self):
        return self.page.comment_state() == tracker.CommentWindow.OPEN

    def get_context(self, request):
        return {**super().get_context(request), "comment_state": self.page.comment_state()}

    def thanks_response(self, request):
        response = super().thanks_response(request)
        index = self.page.get_parent().specific
        response.context_data["status_url"] = index.get_url(request) + index.reverse_subpage("comment_status")
        return response

    def save(self, form):
        return {"reference": receive_comment(self.page, form.cleaned_data).reference}


def _policy_page(policy_id, locale_id):
    """The commented policy in the visitor's language where it is translated and live, else the Chinese
    page (comments belong to it). One query: the page and its translations (two languages)."""
    key = Page.objects.filter(pk=policy_id).values("translation_key")[:1]
    pages = list(Page.objects.live().public().filter(translation_key=Subquery(key)))
    return next((p for p in pages if p.locale_id == locale_id), None) or next(
        (p for p in pages if p.pk == policy_id), None
    )


def comment_status_view(request, index):
    """Enter a comment's reference (POST, so references stay out of URLs, logs and caches) to see its
    state and, once published, the reply. Answers as the other look-ups: 400 malformed, 404 unknown,
    429 over the limit (wucheng_site.form_flow.lookup_status)."""
    context = {"form": CommentStatusForm()}
    status_code = 200
    if request.method == "POST":
        form = CommentStatusForm(request.POST)
        outcome = form_flow.screen_lookup(request, form, "policy-comment-status", STATUS_LOOKUPS_PER_HOUR)
        found = comment_status(form.cleaned_data["reference"]) if outcome == Outcome.ACCEPTED else None
        if outcome == Outcome.ACCEPTED and found is None:
            form.add_error(
                None, _("No comment has this reference. Check it against your confirmation and try again.")
            )
        context = {"form": None if found else form, "comment": found}
        if found:
            context["policy"] = _policy_page(found.policy_id, index.locale_id)
        status_code = form_flow.lookup_status(outcome, found is not None)
    response = index.render(request, context_overrides=context, template="policies/comment_status.html")
    response.status_code = status_code
    response["Cache-Control"] = "private, no-store"
    return response
