"""A body's business. (Meetings, papers, decisions and actions join Highlight here.)"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from secpanel.core.models import ClassifiedModel


class Highlight(ClassifiedModel):
    """A narrative point a body brings to the Panel's attention for a reporting month
    ("SMETS1 Update", "Change Items"). Text is Markdown, sanitised when shown."""

    heading = models.CharField(max_length=200)
    text = models.TextField(help_text="Markdown. Modification references become links.")
    period = models.DateField(help_text="First day of the reporting month it belongs to.")
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
