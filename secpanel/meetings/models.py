"""A body's business: meetings, decisions, highlights (papers and actions join them here)."""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secpanel.core.models import ClassifiedModel


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """A meeting of a body. Meetings and their dates are public; what happens in them is
    classified record by record (agenda items, decisions, highlights...)."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The body's own sequence number (Panel meeting 68)."
    )
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="unique_meeting_number")
        ]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"{self.body.short_name}{number}, {self.starts_at:%-d %B %Y}"

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class DecisionVerb(models.TextChoices):
    AGREED = "agreed", "Agreed"
    APPROVED = "approved", "Approved"
    NOTED = "noted", "Noted"
    REQUESTED = "requested", "Requested"
    DEFERRED = "deferred", "Deferred"
    REJECTED = "rejected", "Rejected"
    SET = "set", "Set"
    ADVISED = "advised", "Advised"


class Decision(ClassifiedModel):
    """Something a body decided, usually in a meeting. What it is about is linked with
    `core.citations.cite` (a modification, a document version, an assessment...)."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    date = models.DateField()
    verb = models.CharField(max_length=20, choices=DecisionVerb.choices)
    text = models.TextField(help_text="Markdown: what was decided.")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["classification", "-date", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.text[:60]}"


class Highlight(ClassifiedModel):
    """A narrative point a body brings to the Panel's attention for a reporting month
    ("SMETS1 Update", "Change Items"). Text is Markdown, sanitised when shown."""

    heading = models.CharField(max_length=200)
    text = models.TextField(help_text="Markdown. Modification references become links.")
    period = models.DateField(help_text="First day of the reporting month it belongs to.")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="highlights"
    )
    position = models.PositiveSmallIntegerField(
        default=10, help_text="Order within the body's section of the Panel paper."
    )

    class Meta:
        ordering = ["-period", "owning_body__display_order", "position", "id"]
        indexes = [models.Index(fields=["classification", "-period", "-id"])]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("meetings:highlight_detail", args=[self.pk])
