"""The public comment form on a draft policy (name and contact optional: comments may be anonymous), and
the admin form of a policy page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wucheng_site.forms import SitePageForm
from wucheng_site.public_forms import PublicForm, normalise_reference


class PolicyDocumentPageForm(SitePageForm):
    """The site's page form (which checks every reference, the evidence pages included), plus: evidence
    names a task of this page's own task list."""

    def clean(self):
        cleaned_data = super().clean()
        tasks, evidence = self.formsets.get("tasks"), self.formsets.get("task_evidence")
        if tasks is None or evidence is None or not (tasks.is_valid() and evidence.is_valid()):
            return cleaned_data  # the formsets show their own errors
        numbers = {
            form.cleaned_data.get("number")
            for form in tasks.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        for form in evidence.forms:
            data = form.cleaned_data
            if data and not data.get("DELETE") and data.get("task_number") not in numbers:
                form.add_error(
                    "task_number",
                    _("There is no task %(number)s in the task list.") % {"number": data["task_number"]},
                )
        return cleaned_data


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


class CommentStatusForm(forms.Form):
    """The reference given when the comment was sent. Spaces and lower case are forgiven; anything not
    shaped like a reference is refused with an example, before any look-up."""

    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=_("As shown when you sent the comment, e.g. YJ-20261128-7KQ4PX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Please enter the reference.")},
    )

    def clean_reference(self):
        # Imported here: comments builds on the models, which import this module's page form.
        from .comments import REFERENCE_PATTERN

        reference = normalise_reference(self.cleaned_data["reference"])
        if not REFERENCE_PATTERN.fullmatch(reference):
            raise forms.ValidationError(
                _("This is not a comment reference. A reference looks like YJ-20261128-7KQ4PX."),
                code="malformed",
            )
        return reference
