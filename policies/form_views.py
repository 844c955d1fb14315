"""The public comment form of a draft policy (``PolicyDocumentPage``'s ``comment/`` routes), through the
one public-form flow (wucheng_site/form_flow.py); the comment is kept by ``comments.receive_comment``."""

from wucheng_site import form_flow

from . import tracker
from .comments import COMMENT_PREFIX, receive_comment
from .forms import PolicyCommentForm


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

    def save(self, form):
        return {"reference": receive_comment(self.page, form.cleaned_data).reference}
