"""The modifications register: SEC Modification Proposals (SECMPnnnn, MPnnn, DPnnn), their
lifecycle, the releases that implement them and every change to stage, release or date."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from secpanel.accounts.types import Actor
from secpanel.core.models import ClassifiedModel

REFERENCE_PATTERN = r"SECMP\d{4}|MP\d{3}[A-Z]?|DP\d{3}"
REFERENCE_RE = re.compile(rf"^(?:{REFERENCE_PATTERN})$")


class ModificationStage(models.TextChoices):
    DRAFT_PROPOSAL = "draft_proposal", "Draft Proposal"
    DEVELOPMENT = "development", "Development Stage"
    REFINEMENT = "refinement", "Refinement Process"
    REPORT_PHASE = "report_phase", "Report Phase"
    CHANGE_BOARD = "change_board", "Change Board"
    AUTHORITY_DECISION = "authority_decision", "Authority decision"
    PENDING_IMPLEMENTATION = "pending_implementation", "Pending Implementation"
    IMPLEMENTED = "implemented", "Implemented"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


# The order the pipeline chart and the stage filter use.
STAGE_ORDER = list(ModificationStage)
OPEN_STAGES = STAGE_ORDER[:7]
CLOSED_STAGES = [
    ModificationStage.IMPLEMENTED,
    ModificationStage.WITHDRAWN,
    ModificationStage.REJECTED,
]


class ModificationPath(models.TextChoices):
    PATH_1 = "path_1", "Path 1: Authority-led"
    PATH_2 = "path_2", "Path 2: Authority determination"
    PATH_3 = "path_3", "Path 3: Self-governance"
    FAST_TRACK = "fast_track", "Fast-Track Self-Governance"


class ImpactedParty(models.TextChoices):
    ALL = "all", "All SEC Parties"
    SUPPLIERS = "suppliers", "Supplier Parties"
    LARGE_SUPPLIERS = "large_suppliers", "Large Suppliers"
    SMALL_SUPPLIERS = "small_suppliers", "Small Suppliers"
    NETWORKS = "networks", "Network Parties"
    ELECTRICITY_NETWORKS = "electricity_networks", "Electricity Network Parties"
    GAS_NETWORKS = "gas_networks", "Gas Network Parties"
    OTHER = "other", "Other SEC Parties"
    SHARED_RESOURCE_PROVIDERS = "srp", "Other SEC Parties (Shared Resource Providers)"
    DCC = "dcc", "DCC"
    NONE = "none", "No Parties are impacted"


class Release(models.Model):
    """A SEC release ("November 2019 SEC Release"): the date a set of modifications goes live.
    Releases and their dates are public; the modifications in one are read through
    `visible_to(user)`. Date moves are kept in history with their reason."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    planned_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(
        null=True, blank=True, help_text="The date it went live (empty until then)."
    )
    sec_version = models.CharField(max_length=20, blank=True, help_text="e.g. 6.21")
    ad_hoc = models.BooleanField(default=False)
    notes = models.TextField(blank=True, help_text="Markdown.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("modifications:release_detail", args=[self.slug])

    @property
    def date(self) -> datetime.date | None:
        """The actual date once known, else the planned one."""
        return self.actual_date or self.planned_date


def default_public_url(slug: str) -> str:
    """The public page of a modification on the code administrator's site."""
    return f"{settings.SECPANEL_PUBLIC_SITE.rstrip('/')}/modifications/{slug}"


class Modification(ClassifiedModel):
    """A SEC Modification Proposal (or Draft Proposal) and where it stands.

    `stage` changes only through `services.modification_transition`; target release and
    implementation date only through `services.modification_reschedule`; each change is a
    `ModificationEvent` (with reason, meeting and decision) and a history row.
    """

    reference = models.CharField(
        max_length=12,
        unique=True,
        help_text="SECMP0024, MP071, MP102A or DP266.",
    )
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=200, blank=True, help_text="As on the public site.")
    proposer = models.CharField(max_length=200, blank=True, help_text="Person or organisation.")
    proposer_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_analyst = models.CharField(max_length=200, blank=True)
    date_raised = models.DateField(null=True, blank=True)
    path = models.CharField(
        max_length=20, choices=ModificationPath.choices, default=ModificationPath.PATH_3
    )
    urgent = models.BooleanField(default=False)
    stage = models.CharField(
        max_length=30,
        choices=ModificationStage.choices,
        default=ModificationStage.DRAFT_PROPOSAL,
        editable=False,
    )
    on_hold = models.BooleanField(default=False, editable=False)
    # DCC Preliminary Assessment and Impact Assessment
    pa_requested = models.DateField("PA requested", null=True, blank=True)
    pa_received = models.DateField("PA received", null=True, blank=True)
    pa_cost = models.DecimalField(
        "PA cost (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ia_requested = models.DateField("IA requested", null=True, blank=True)
    ia_received = models.DateField("IA received", null=True, blank=True)
    ia_cost = models.DecimalField(
        "IA cost (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    working_group = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The Working Group refining it.",
    )
    consultations = models.TextField(
        blank=True,
        help_text="Markdown: Refinement Consultation, Modification Report Consultation...",
    )
    target_release = models.ForeignKey(
        Release,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modifications",
        editable=False,
    )
    implementation_date = models.DateField(null=True, blank=True, editable=False)
    public_url = models.URLField(max_length=300, blank=True)
    issue = models.TextField("What is the issue?", blank=True, help_text="Markdown.")
    solution = models.TextField("What is the solution?", blank=True, help_text="Markdown.")
    latest_update = models.TextField(blank=True, help_text="Markdown.")
    impacted = models.JSONField(
        "Who is impacted?", default=list, blank=True, help_text="ImpactedParty values."
    )
    sec_sections = models.JSONField(
        "SEC sections affected", default=list, blank=True, help_text="e.g. Section G 'Security'."
    )

    class Meta:
        ordering = ["-date_raised", "-id"]
        indexes = [
            models.Index(fields=["classification", "-date_raised", "-id"]),
            models.Index(fields=["stage"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("modifications:modification_detail", args=[self.reference])

    def clean(self) -> None:
        super().clean()
        if self.reference and not REFERENCE_RE.match(self.reference):
            raise ValidationError(
                {"reference": "Use SECMPnnnn, MPnnn (with an optional letter) or DPnnn."}
            )
        bad = [v for v in self.impacted or [] if v not in ImpactedParty.values]
        if bad:
            raise ValidationError({"impacted": f"Unknown impacted parties: {', '.join(bad)}."})
        if not isinstance(self.sec_sections, list) or not all(
            isinstance(s, str) for s in self.sec_sections
        ):
            raise ValidationError({"sec_sections": "A list of SEC sections."})

    @property
    def impacted_labels(self) -> list[str]:
        labels = dict(ImpactedParty.choices)
        return [labels.get(v, v) for v in self.impacted or []]

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


class EventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    STAGE = "stage", "Stage"
    RELEASE = "release", "Target release"
    IMPLEMENTATION_DATE = "implementation_date", "Implementation date"
    ON_HOLD = "on_hold", "On hold"
    MILESTONE = "milestone", "Milestone"


class ModificationEventQuerySet(models.QuerySet["ModificationEvent"]):
    """The one rule for which timeline entries count (decisions/0022)."""

    def in_force(self) -> ModificationEventQuerySet:
        """The entries not withdrawn: every reader that derives a fact from the timeline (a
        stage, a date, a body involved, the words indexed, a feed entry) reads these only."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> ModificationEventQuerySet:
        """The entries withdrawn as mistaken (shown struck through on the timeline)."""
        return self.filter(withdrawn_at__isnull=False)


class ModificationEvent(models.Model):
    """One dated change in a modification's life (stage, target release, implementation date,
    hold) or a milestone ("DCC Preliminary Assessment requested"), with its reason and the
    meeting or decision behind it. Append-only; read through a visible modification, and its
    decision only if the reader may see that decision.

    A mistaken entry is never deleted: the secretariat withdraws it
    (`services.modification_event_withdraw`: who, when, why), the modification returns to what
    the previous entry in force said, and readers of facts use `objects.in_force()`."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)
    date = models.DateField(help_text="When it happened.")
    reason = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was withdrawn as mistaken."
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(blank=True, editable=False)
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str

    objects = ModificationEventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.modification_id} {self.kind} {self.from_value} → {self.to_value}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def summary(self) -> str:
        """One line for the timeline: 'Stage: Refinement Process → Report Phase'."""
        if self.kind == EventKind.RAISED:
            if self.to_value in ("", ModificationStage.DRAFT_PROPOSAL.label):
                return "Raised as a Draft Proposal"
            return f"Registered at {self.to_value}"
        if self.kind == EventKind.MILESTONE:
            return self.to_value
        label = self.get_kind_display()
        if self.from_value and self.to_value:
            return f"{label}: {self.from_value} → {self.to_value}"
        if self.to_value:
            return f"{label} set to {self.to_value}"
        return f"{label} cleared (was {self.from_value})"


class AdviceKind(models.TextChoices):
    SUPPORT = "support", "Support"
    CONCERNS = "concerns", "Concerns"
    DATE_CHANGE = "date_change", "Agreed a change of implementation date"
    SUITABLE_FOR_PA = "suitable_for_pa", "Suitable for Preliminary Assessment"
    OTHER = "other", "Other advice"


class ModificationAdvice(ClassifiedModel):
    """What a body (usually a sub-committee) advised on a modification: its kind, the meeting
    or decision it came from, and its wording. Reported in the monthly Panel paper under the
    body's highlights (`modifications.report`); its own wording, when given, replaces the
    generated sentence."""

    # The modification is only referred to: another body's secretariat may advise on it.
    cited_links = ("modification",)

    modification = models.ForeignKey(Modification, on_delete=models.PROTECT, related_name="advice")
    kind = models.CharField(max_length=20, choices=AdviceKind.choices)
    date = models.DateField(help_text="When the advice was given.")
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_date = models.DateField(
        null=True, blank=True, help_text="The implementation date agreed (date changes only)."
    )
    text = models.TextField(
        blank=True,
        help_text="Markdown: the advice as the paper should say it. Empty: the sentence is "
        "generated from the kind.",
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["classification", "-date", "-id"])]
        verbose_name_plural = "modification advice"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.modification.reference}"

    def get_absolute_url(self) -> str:
        return reverse("modifications:modification_detail", args=[self.modification.reference])

    def clean(self) -> None:
        super().clean()
        if self.kind == AdviceKind.DATE_CHANGE and self.new_date is None:
            raise ValidationError({"new_date": "Give the implementation date that was agreed."})
        if self.kind != AdviceKind.DATE_CHANGE and self.new_date is not None:
            raise ValidationError({"new_date": "Only a date change carries a new date."})
        if self.kind == AdviceKind.OTHER and not self.text.strip():
            raise ValidationError({"text": "Say what the advice was."})
