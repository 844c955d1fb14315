"""Private records of the award: nominations (with revisions and supporting files) and objections.

Not pages, not in the search index, not in the API: only the committee sees them in the admin
(``awards.permissions``); a shortlisted nomination reaches the public only through the notice page's
public fields."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

from disclosures.models import Town
from wucheng_site.storage import get_private_storage

from .. import phases
from .announcement import AwardWinnerPage
from .edition import AwardCategory, AwardEditionPage, NomineeKind


class NominationStatus(models.TextChoices):
    RECEIVED = "received", _("Received, being screened")
    IN_REVIEW = "in_review", _("In committee review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    REJECTED = "rejected", _("Not selected")
    WINNER = "winner", _("Winner")
    REVOKED = "revoked", _("Revoked")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Nomination(RevisionMixin, models.Model):
    """A nomination sent in through the public form. Private: see the module docstring.

    Every decision saves a revision (who, when, the state after it) and an audit-log entry."""

    edition = models.ForeignKey(
        AwardEditionPage, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        AwardCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="nominations"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    nominee_name = models.CharField(_("nominee"), max_length=120)
    nominee_kind = models.CharField(_("kind of nominee"), max_length=20, choices=NomineeKind.choices)
    locality = models.CharField(_("town or street"), max_length=20, choices=Town.choices)
    organisation = models.ForeignKey(
        "disclosures.OrganisationPage",
        verbose_name=_("organisation profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deeds = models.TextField(_("deeds"))
    amount = models.DecimalField(
        _("amount donated or raised (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    nominator_name = models.CharField(_("nominator"), max_length=60)
    nominator_contact = models.CharField(_("nominator's phone or email"), max_length=120)
    contact_key = models.CharField(max_length=120, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.RECEIVED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    public_summary = models.TextField(
        _("public summary"), blank=True, help_text=_("Shown on the public notice if shortlisted.")
    )
    winner_page = models.ForeignKey(
        AwardWinnerPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["submitted_at", "pk"]
        permissions = [
            ("review_nomination", "Can review the nominations assigned to them"),
            ("decide_nomination", "Can see all nominations and decide on them (committee chair)"),
        ]

    def __str__(self):
        # The reference only: this string is copied into audit-log labels and revisions, which must not
        # carry the nominee's name (docs/security.md). Admin templates show the name where allowed.
        return self.reference

    @property
    def public_status(self):
        """What the nominator's status page says: no scores, no comments, no reasons beyond status."""
        if self.status == NominationStatus.SHORTLISTED and self.edition.phase() in (
            phases.Phase.SCREENING,
            phases.Phase.REVIEW,
        ):
            return NominationStatus.IN_REVIEW.label
        return self.get_status_display()


class NominationFile(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="awards/nominations/%Y/%m/", storage=get_private_storage)
    original_name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("supporting file")

    def __str__(self):
        return self.original_name


class Objection(models.Model):
    """An objection lodged during the public notice; private, answered by the chair."""

    edition = models.ForeignKey(AwardEditionPage, on_delete=models.PROTECT, related_name="objections")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("shortlisted nominee"), on_delete=models.CASCADE, related_name="objections"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    name = models.CharField(_("your name"), max_length=60)
    contact = models.CharField(_("your phone or email"), max_length=120)
    grounds = models.TextField(_("grounds"))
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )
    response = models.TextField(_("response"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        ordering = ["received_at", "pk"]

    def __str__(self):
        return self.reference
