"""TAG's testing registers: programmes and releases, test phases by region, exit criteria and
the decisions on them, risk notes, and Device Model Combinations awaiting approval."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from secpanel.core.models import ClassifiedModel


class ProgrammeKind(models.TextChoices):
    RELEASE = "release", "SEC Release"
    PROGRAMME = "programme", "Programme"


class Programme(ClassifiedModel):
    """A release or testing programme TAG follows: Release 2.0, SMETS1 Initial Operating
    Capability, the November 2019 SEC Release."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True, help_text="As papers write it.")
    kind = models.CharField(
        max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.PROGRAMME
    )
    target_date = models.DateField(null=True, blank=True, help_text="Go-live or release date.")
    description = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["target_date", "name", "id"]
        indexes = [models.Index(fields=["classification", "target_date", "id"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.pk])


class PhaseKind(models.TextChoices):
    PIT = "pit", "Pre-Integration Testing (PIT)"
    SIT = "sit", "Systems Integration Testing (SIT)"
    DIT = "dit", "Device Integration Testing (DIT)"
    INTERFACE = "interface", "Interface Testing"
    UEPT = "uept", "User Entry Process Tests (UEPT)"
    SMKI_REPOSITORY = "smki_repository", "SMKI and Repository Testing"
    E2E = "e2e", "End-to-End Testing"
    MIGRATION = "migration", "Migration Testing"
    SRVT = "srvt", "Service Reference Variation Testing (SRVT)"
    REGRESSION = "regression", "Regression Testing"
    SYSTEM_CAPACITY = "system_capacity", "System Capacity Testing"
    UIT = "uit", "User Integration Testing (UIT)"


class Region(models.TextChoices):
    NORTH = "north", "Northern region"
    CENTRAL = "central", "Central region"
    SOUTH = "south", "Southern region"


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    AT_RISK = "at_risk", "At risk"
    EXIT_CRITERIA_MET = "exit_criteria_met", "Exit criteria met"
    COMPLETE = "complete", "Complete"


class TestPhase(ClassifiedModel):
    """One phase of testing of a programme, in one region where it matters (Release 2.0 SIT,
    northern region), with its status and risk notes."""

    __test__ = False  # not a pytest test class, despite its name

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="phases")
    phase = models.CharField(max_length=20, choices=PhaseKind.choices)
    region = models.CharField(max_length=10, choices=Region.choices, blank=True)
    status = models.CharField(
        max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED, editable=False
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    risk_notes = models.TextField(blank=True, help_text="Markdown: risks and why.")

    class Meta:
        ordering = ["planned_start", "id"]
        indexes = [models.Index(fields=["classification", "-planned_end", "-id"])]

    def __str__(self) -> str:
        region = f" ({self.get_region_display()})" if self.region else ""
        return f"{self.get_phase_display()}{region}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:phase_detail", args=[self.pk])


class CriterionStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    AMENDMENT_SOUGHT = "amendment_sought", "Amendment sought"


class ExitCriterion(ClassifiedModel):
    """A criterion a test phase must meet before it exits, and the latest decision on it
    (met, not met, amendment sought / agreed / refused)."""

    phase = models.ForeignKey(TestPhase, on_delete=models.PROTECT, related_name="exit_criteria")
    text = models.TextField(help_text="Markdown: the criterion.")
    status = models.CharField(
        max_length=20,
        choices=CriterionStatus.choices,
        default=CriterionStatus.OPEN,
        editable=False,
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The latest decision on this criterion.",
    )
    decided_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["classification", "-decided_on", "-id"])]
        verbose_name_plural = "exit criteria"

    def __str__(self) -> str:
        return f"Exit criterion: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:criterion_detail", args=[self.pk])


class InstallationType(models.TextChoices):
    DORMANT = "dormant", "Dormant"
    MIXED = "mixed", "Mixed"
    ACTIVE = "active", "Active"


class DmcStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DeviceModelCombination(ClassifiedModel):
    """A combination of Device Models (with its communications service provider and
    installation type) awaiting or granted TAG's approval, e.g. for SMETS1 IOC go-live."""

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="dmcs"
    )
    name = models.CharField(max_length=200, help_text="The device models, e.g. meter + hub.")
    csp = models.CharField("CSP / SMSO", max_length=100, blank=True)
    installation_type = models.CharField(
        max_length=10, choices=InstallationType.choices, blank=True
    )
    status = models.CharField(
        max_length=20, choices=DmcStatus.choices, default=DmcStatus.AWAITING, editable=False
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_on = models.DateField(null=True, blank=True, editable=False)
    notes = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["classification", "name", "id"])]
        verbose_name = "Device Model Combination"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:dmc_detail", args=[self.pk])
