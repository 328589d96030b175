"""SMKI PMA registers: recovery exercises and the key custodians who must attend."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from secpanel.core.models import ClassifiedModel


class Environment(models.TextChoices):
    LIVE = "live", "Live environment"
    TEST = "test", "Test environment"


class ExerciseStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class RecoveryExercise(ClassifiedModel):
    """An exercise of the SMKI Recovery Procedure (SEC Appendix L), e.g. the DCC's recovery
    exercise in the live environment expected in June 2019."""

    title = models.CharField(max_length=200)
    environment = models.CharField(
        max_length=10, choices=Environment.choices, default=Environment.LIVE
    )
    planned_date = models.DateField(null=True, blank=True)
    date_is_estimate = models.BooleanField(
        default=True, help_text="The date is expected, not fixed ('expected in June 2019')."
    )
    scope = models.TextField(blank=True, help_text="Markdown: what is exercised.")
    status = models.CharField(
        max_length=20,
        choices=ExerciseStatus.choices,
        default=ExerciseStatus.PROPOSED,
        editable=False,
    )
    outcome = models.TextField(blank=True, help_text="Markdown: how it went.")

    class Meta:
        ordering = ["-planned_date", "-id"]
        indexes = [models.Index(fields=["classification", "-planned_date", "-id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("smki:exercise_detail", args=[self.pk])


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "To notify"
    NOTIFIED = "notified", "Notified"
    CONFIRMED = "confirmed", "Attendance confirmed"


class KeyCustodian(ClassifiedModel):
    """A key custodian who must attend a recovery exercise, and whether they have been
    given early notice. Names are RED by default (the service's default level)."""

    exercise = models.ForeignKey(
        RecoveryExercise, on_delete=models.PROTECT, related_name="custodians"
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True, help_text="e.g. Recovery Key holder.")
    notification = models.CharField(
        max_length=20,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        editable=False,
    )
    notified_on = models.DateField(null=True, blank=True, editable=False)

    # The custodian's name: refused in text for a lower audience (core.leaks).
    sensitive_fields = ("name",)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["classification", "name", "id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def notified(self) -> bool:
        return self.notification != NotificationStatus.PENDING

    def get_absolute_url(self) -> str:
        return reverse("smki:custodian_detail", args=[self.pk])
