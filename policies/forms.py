"""The public comment form on a draft policy (name and contact optional: comments may be anonymous)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wucheng_site.public_forms import PublicForm


class PolicyCommentForm(PublicForm):
    consent_label = _(
        "I agree that my comment, and my name and contact if I give them, are processed to consider "
        "comments on this draft. Name and contact are never published; the text may be published "
        "without them after moderation."
    )

    section = forms.CharField(
        label=_("Which part of the draft is your comment about?"),
        required=False,
        max_length=120,
        help_text=_("For example “（六）大力发展慈善基金” or “task 10”."),
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write your comment.")},
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=60)
    contact = forms.CharField(
        label=_("Telephone or email"),
        required=False,
        max_length=120,
        help_text=_("Only if you would like us to be able to reply to you."),
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 5:
            raise forms.ValidationError(_("Please write at least a few words."))
        return body
