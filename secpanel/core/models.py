"""Shared plumbing models: the classified-record base and the typed audit log."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from secpanel.core.classification import Classification


class ClassifiedQuerySet(models.QuerySet):
    """The one read path for classified records: always narrow with `visible_to(user)`."""

    def visible_to(self, user: Any) -> Self:
        from secpanel.core.policy import access_profile

        return self.filter(access_profile(user).visibility_q(self.model))


ClassifiedManager = models.Manager.from_queryset(ClassifiedQuerySet)


class ClassifiedModel(models.Model):
    """A record under the Panel Information Policy.

    Every classified record has a level, an owning body and (for RED) an explicit distribution
    list of named people. Reads go through `Model.objects.visible_to(user)` or
    `core.selectors.get_visible_or_404`; writes go through `core.services`, which keep history
    (django-simple-history, with actor and reason) and a typed audit event.
    """

    classification = models.PositiveSmallIntegerField(
        choices=Classification.choices,
        default=Classification.AMBER,
        db_index=True,
        help_text="Panel Information Policy level. Lowering it needs a recorded reason.",
    )
    owning_body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The body that owns it.",
    )
    red_distribution = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="People outside the owning body who may read it when it is RED.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(inherit=True)
    objects = ClassifiedManager()

    class Meta:
        abstract = True

    @property
    def level(self) -> Classification:
        return Classification(self.classification)


class AuditEvent(models.Model):
    """A typed, namespaced event (`classification.declassified`, `meetings.highlight_created`).

    Written in the same transaction as the change it describes. Holds ids and field snapshots;
    its subject's text is only shown to those who may read the subject.
    """

    kind = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    classification = models.PositiveSmallIntegerField(
        choices=Classification.choices,
        null=True,
        blank=True,
        help_text="The subject's level at the time of the event.",
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"


class Citation(models.Model):
    """Record A cites record B: a highlight cites SECMP0024, a decision approves a document
    version, an action follows up an incident. Read through `core.citations`, which only ever
    returns the ends the viewer may read."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"],
                name="unique_citation",
            )
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} → {self.target_type_id}:{self.target_id}"
