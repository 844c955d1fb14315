"""Public forms (nomination, status, objection) and the committee's admin forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosures.models import Town
from wucheng_site.public_forms import EvidenceFilesField, PublicForm

from .decisions import DECISIONS, Decision
from .models import NomineeKind, ObjectionStatus


class NominationForm(PublicForm):
    consent_label = _(
        "I agree that the information in this nomination, including my name and contact, is processed by "
        "the award office and committee to assess the nomination, as described in the privacy policy."
    )

    category = forms.TypedChoiceField(label=_("Category"), coerce=int, choices=[])
    nominee_name = forms.CharField(label=_("Name of the nominee"), max_length=120)
    nominee_kind = forms.ChoiceField(label=_("The nominee is"), choices=[("", "—"), *NomineeKind.choices])
    locality = forms.ChoiceField(label=_("Town or street"), choices=[("", "—"), *Town.choices])
    deeds = forms.CharField(
        label=_("What has the nominee done?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        min_length=20,
        help_text=_(
            "The charitable deeds, with dates and places where you know them (20 to 5000 characters)."
        ),
    )
    amount = forms.DecimalField(
        label=_("Amount donated or raised (yuan)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Where relevant, for enterprises and projects."),
    )
    files = EvidenceFilesField(label=_("Supporting files"))
    nominator_name = forms.CharField(label=_("Your name"), max_length=60)
    nominator_contact = forms.CharField(
        label=_("Your phone number or email"),
        max_length=120,
        help_text=_("Only the award office sees it. With the reference number it opens the status page."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [(pk, name) for pk, name in categories]
        self.order_fields(
            [
                "category",
                "nominee_name",
                "nominee_kind",
                "locality",
                "deeds",
                "amount",
                "files",
                "nominator_name",
                "nominator_contact",
                "consent",
            ]
        )
        self._describe_fields()

    def clean_nominator_contact(self):
        value = self.cleaned_data["nominator_contact"].strip()
        digits = "".join(ch for ch in value if ch.isdecimal())  # not '²' or '①', which isdigit() counts
        if "@" not in value and len(digits) < 7:
            raise forms.ValidationError(_("Enter a phone number or an email address we can reach you at."))
        if "@" in value:
            forms.EmailField().clean(value)
        return value


class StatusForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=30)
    contact = forms.CharField(label=_("The phone number or email you gave"), max_length=120)


class ObjectionForm(PublicForm):
    consent_label = _(
        "I agree that my name, contact and objection are processed by the award office to examine the "
        "objection, as described in the privacy policy."
    )

    nomination = forms.TypedChoiceField(label=_("Nominee you object to"), coerce=int, choices=[])
    grounds = forms.CharField(
        label=_("Grounds for the objection"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=10,
        max_length=5000,
        help_text=_("Facts the committee can check (10 to 5000 characters)."),
    )
    name = forms.CharField(label=_("Your name"), max_length=60)
    contact = forms.CharField(label=_("Your phone number or email"), max_length=120)

    def __init__(self, *args, nominees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "—")] + list(nominees)
        self.order_fields(["nomination", "grounds", "name", "contact", "consent"])
        self._describe_fields()


# --- admin ----------------------------------------------------------------------------------------


class ConflictForm(forms.Form):
    conflict_reason = forms.CharField(
        label=_("Conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Declaring a conflict recuses you: you will not score this nomination or see the others' scores."
        ),
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, criteria=(), initial_marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"mark_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_mark}, ×{criterion.weight})",
                min_value=0,
                max_value=criterion.max_mark,
                initial=(initial_marks or {}).get(str(criterion.pk)),
            )
        self.order_fields([f"mark_{c.pk}" for c in self.criteria] + ["comment"])

    def marks(self):
        return {str(c.pk): self.cleaned_data[f"mark_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    public_summary = forms.CharField(
        label=_("Public summary (shown on the public notice when shortlisting)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Never copy the nominator's name or contact here."),
    )
    citation = forms.CharField(
        label=_("Citation (published on the winner's page)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, status=None, **kwargs):
        """Only the decisions possible from the nomination's current status are offered."""
        super().__init__(*args, **kwargs)
        if status is not None:
            self.fields["decision"].choices = [
                (key, label) for key, label in Decision.choices if status in DECISIONS[key][0]
            ]


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Committee member"), queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ObjectionResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(ObjectionStatus.UPHELD, _("Upheld")), (ObjectionStatus.DISMISSED, _("Dismissed"))],
    )
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}))
