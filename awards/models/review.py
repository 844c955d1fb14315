"""The committee's review records: who reviews a nomination (Assignment, with the conflict-of-interest
declaration) and the marks they give (Score)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .nomination import Nomination


class Assignment(models.Model):
    """A member reviewing a nomination, and their conflict-of-interest declaration."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    recused = models.BooleanField(_("recused"), default=False)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="one_assignment_per_member")
        ]

    def __str__(self):
        return f"{self.nomination_id} → {self.member_id}"


class Score(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_scores"
    )
    marks = models.JSONField(default=dict)
    total = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score")
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="one_score_per_member")]

    def __str__(self):
        return f"{self.nomination_id} {self.member_id}: {self.total}"
