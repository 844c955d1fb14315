"""The public comment form of a draft policy (``PolicyDocumentPage``'s ``comment/`` route).

A request handler, kept apart from the presenters until the public forms share one flow."""

from django.template.response import TemplateResponse

from wucheng_site import public_forms

from . import tracker
from .forms import PolicyCommentForm
from .models import PolicyComment

COMMENT_PREFIX = "YJ"  # 意见


def comment_form(request, page):
    """GET: the form while the draft is open for comment; POST: keep the comment, privately."""
    state = page.comment_state()
    context = {"page": page, "comment_state": state, "state": tracker}
    if state != tracker.OPEN:
        return TemplateResponse(request, "policies/comment_form.html", context, status=200)
    status = 200
    if request.method == "POST":
        form = PolicyCommentForm(request.POST)
        outcome = public_forms.screen_submission(request, form, "policy-comment")
        status = 429 if outcome == public_forms.LIMITED else 200
        if outcome == public_forms.SPAM:
            # Answer exactly as if accepted, with a reference of the same form (docs/public-forms.md).
            context["reference"] = public_forms.new_reference(COMMENT_PREFIX)
            return TemplateResponse(request, "policies/comment_thanks.html", context)
        if outcome == public_forms.ACCEPTED:
            comment = PolicyComment.objects.create(
                policy=page.source_page,
                reference=public_forms.unique_reference(COMMENT_PREFIX, PolicyComment),
                section=form.cleaned_data["section"],
                body=form.cleaned_data["body"],
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
            )
            context["reference"] = comment.reference
            return TemplateResponse(request, "policies/comment_thanks.html", context)
    else:
        form = PolicyCommentForm()
    context["form"] = form
    return TemplateResponse(request, "policies/comment_form.html", context, status=status)
