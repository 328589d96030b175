"""Operations Group registers: major incidents and their reviews, DCC performance report
reviews by month, and forecasting returns."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from secpanel.core.models import ClassifiedModel


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    PIR_REQUESTED = "pir_requested", "Post Incident Report requested"
    PIR_RECEIVED = "pir_received", "Post Incident Report received"
    REVIEWED = "reviewed", "Reviewed"
    CLOSED = "closed", "Closed"


class MajorIncident(ClassifiedModel):
    """A DCC (or non-DCC) Major Incident the Ops Group reviews, with the review's status.
    Details are AMBER by default."""

    reference = models.CharField(max_length=40, help_text="The DCC's incident reference.")
    title = models.CharField(max_length=200)
    dcc_incident = models.BooleanField(
        "DCC Major Incident", default=True, help_text="Untick for a non-DCC Major Incident."
    )
    occurred_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="Markdown: what happened, who was hit.")
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, editable=False
    )
    review_notes = models.TextField(blank=True, help_text="Markdown: the Ops Group's review.")
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the review was completed (stamped by the “Reviewed” move).",
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["classification", "-occurred_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def clean(self) -> None:
        if self.resolved_on and self.occurred_on and self.resolved_on < self.occurred_on:
            raise ValidationError({"resolved_on": "It cannot be resolved before it occurred."})

    def get_absolute_url(self) -> str:
        return reverse("operations:incident_detail", args=[self.pk])


class PerformanceStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    UNDER_REVIEW = "under_review", "Under review"
    REVIEWED = "reviewed", "Reviewed"


class PerformanceReview(ClassifiedModel):
    """The Ops Group's review of the DCC's monthly performance report (Code Performance
    Measures and Service Provider Performance Measures) for one month."""

    period = models.DateField(help_text="First day of the month reported on.")
    report_ref = models.CharField(max_length=100, blank=True)
    received_on = models.DateField(null=True, blank=True)
    measures_below_target = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many measures missed their target service level."
    )
    status = models.CharField(
        max_length=20,
        choices=PerformanceStatus.choices,
        default=PerformanceStatus.RECEIVED,
        editable=False,
    )
    summary = models.TextField(blank=True, help_text="Markdown: the review's findings.")

    class Meta:
        ordering = ["-period", "-id"]
        indexes = [models.Index(fields=["classification", "-period", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_body", "period"], name="one_performance_review_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"DCC performance report, {self.period:%B %Y}"

    def clean(self) -> None:
        if self.period:
            self.period = self.period.replace(day=1)

    def get_absolute_url(self) -> str:
        return reverse("operations:performance_detail", args=[self.pk])


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    RECEIVED = "received", "Received"
    LATE = "late", "Late"
    QUERIED = "queried", "Queried"


class ForecastingReturn(ClassifiedModel):
    """A forecast a User owes the DCC under the SEC forecasting obligations (e.g. Service
    Request volumes), which the Ops Group monitors: due date, receipt, lateness."""

    party = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="First day of the period forecast.")
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE, editable=False
    )
    notes = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["-due_on", "-id"]
        indexes = [models.Index(fields=["classification", "-due_on", "-id"])]

    def __str__(self) -> str:
        return (
            f"Forecasting return: {self.party.short_name or self.party.name}, {self.period:%B %Y}"
        )

    def get_absolute_url(self) -> str:
        return reverse("operations:forecast_detail", args=[self.pk])
