"""Bodies (the Panel, sub-committees, sub-groups, working groups) and memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from secpanel.accounts.types import Actor


class BodyKind(models.TextChoices):
    PANEL = "panel", "Panel"
    SUB_COMMITTEE = "sub_committee", "Sub-committee"
    SUB_GROUP = "sub_group", "Sub-group"
    WORKING_GROUP = "working_group", "Working group"


class Body(models.Model):
    """A governance body. Bodies and their meeting dates are public; their records are not."""

    code = models.SlugField(max_length=40, unique=True, help_text="Short stable code, e.g. ssc.")
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, help_text="As papers write it, e.g. 'Ops Group'.")
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=100)
    paper_reference_prefix = models.CharField(
        max_length=20, blank=True, help_text="Prefix of this body's paper references, e.g. SECP."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="panel"), name="one_panel"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == BodyKind.PANEL and self.parent_id:
            raise ValidationError({"parent": "The Panel has no parent body."})
        if self.kind != BodyKind.PANEL and not self.parent_id:
            raise ValidationError({"parent": "Every body other than the Panel reports to one."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A body cannot report to itself."})
            ancestor = ancestor.parent


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    ALTERNATE = "alternate", "Alternate"
    OBSERVER = "observer", "Observer"
    SECRETARIAT = "secretariat", "Secretariat"


class Membership(models.Model):
    """A person's seat on a body for a term. Reading rights follow from it (core.policy)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor | None
    _change_reason: str

    class Meta:
        ordering = ["body__display_order", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "body", "role", "start_date"], name="unique_membership_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.body.short_name}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The term cannot end before it starts."})

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )
