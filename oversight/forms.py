"""The public report form and the status-page form (both built on wucheng_site/public_forms.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wucheng_site.params import IdChoiceField
from wucheng_site.public_forms import EvidenceFilesField, PublicForm


def organisation_choices():
    from disclosures.models import OrganisationPage

    return (
        OrganisationPage.objects.live()
        .public()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("title")
    )


class OrganisationChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ReportForm(PublicForm):
    """投诉举报: which organisation, what happened, evidence, and (optionally) who is reporting."""

    consent_label = _(
        "I agree that the civil-affairs bureau processes what I give here, including any name and "
        "contact, to handle this report. It is never published."
    )

    organisation = OrganisationChoiceField(
        label=_("Organisation concerned"),
        queryset=None,
        required=False,
        empty_label=_("— Not in the list, or not sure —"),
        help_text=_("Choose it from the directory, or type its name below."),
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation, if it is not in the list"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "When and where it happened, who was involved, and how you know. At most 5,000 characters."
        ),
        error_messages={"required": _("Please describe what happened.")},
    )
    evidence = EvidenceFilesField(label=_("Evidence"))
    reporter_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        help_text=_("You may report anonymously; then we cannot contact you with questions."),
    )
    reporter_contact = forms.CharField(
        label=_("Your telephone or email"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    field_order = [
        "organisation",
        "organisation_name",
        "description",
        "evidence",
        "reporter_name",
        "reporter_contact",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices()
        self.order_fields(self.field_order + ["consent"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not (cleaned.get("organisation_name") or "").strip():
            self.add_error("organisation_name", _("Choose the organisation from the list or type its name."))
        return cleaned


class StatusForm(forms.Form):
    """Reference and secret token, both from the confirmation shown after sending the report."""

    reference = forms.CharField(label=_("Reference"), max_length=30)
    token = forms.CharField(
        label=_("Secret token"),
        max_length=100,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),  # never echoed back into a page
    )
