"""The SSC's security assurance register (SEC Section G8; domain.md §3).

Users (SEC Parties acting in User Roles), User Security Assessments and their lifecycle, the
outcomes the SSC sets in its meetings (Assurance Status, Compliance Status), non-compliance
findings against G3–G6, Director's Letters, and the rules of the assessment schedule.

Everything that identifies a Party is classified. A record that names a Party is never below the
level of the Party's own User record (`clean()` enforces it), so a page showing a child record
never shows the name below its level.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from secpanel.accounts.models import PartyCategory
from secpanel.core.models import ClassifiedModel

if TYPE_CHECKING:
    from secpanel.meetings.models import Meeting

DEFAULT_USER_CIO = "Deloitte MCS Limited"


class UserRole(models.TextChoices):
    """The SEC's User Roles: the categories of User eligible for DCC services."""

    IMPORT_SUPPLIER = "import_supplier", "Import Supplier"
    EXPORT_SUPPLIER = "export_supplier", "Export Supplier"
    GAS_SUPPLIER = "gas_supplier", "Gas Supplier"
    ELECTRICITY_DISTRIBUTOR = "electricity_distributor", "Electricity Distributor"
    GAS_TRANSPORTER = "gas_transporter", "Gas Transporter"
    REGISTERED_SUPPLIER_AGENT = "registered_supplier_agent", "Registered Supplier Agent"
    OTHER_USER = "other_user", "Other User"


class AssessmentType(models.TextChoices):
    FULL = "full", "Full User Security Assessment"
    VERIFICATION = "verification", "Verification User Security Assessment"
    SELF_ASSESSMENT = "self_assessment", "Security Self-Assessment"


ASSESSMENT_ABBREVIATION: dict[str, str] = {
    AssessmentType.FULL: "FUSA",
    AssessmentType.VERIFICATION: "VUSA",
    AssessmentType.SELF_ASSESSMENT: "SSA",
}


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial (User Entry)"
    ANNUAL = "annual", "Annual (in the cycle)"
    FOLLOW_UP = "follow_up", "Follow-up"
    AD_HOC = "ad_hoc", "Ad hoc"


class AssessmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    FIELDWORK = "fieldwork", "Fieldwork"
    REPORTED = "reported", "Report issued"
    RESPONSE_RECEIVED = "response_received", "Response received"
    REVIEWED = "reviewed", "Reviewed by the SSC"
    CANCELLED = "cancelled", "Cancelled"


class AssuranceStatus(models.TextChoices):
    """What the SSC sets after an initial or follow-up Full assessment (G8.34)."""

    APPROVED = "approved", "Approved"
    APPROVED_SUBJECT_TO = "approved_subject_to", "Approved, subject to"
    DEFERRED = "deferred", "Deferred"
    REJECTED = "rejected", "Rejected"


class OutcomeKind(models.TextChoices):
    ASSURANCE = "assurance", "Assurance Status"
    COMPLIANCE = "compliance", "Compliance Status"


class LetterStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    APPROVED = "approved", "Approved"
    NOT_APPROVED = "not_approved", "Not approved"


class SizeTest(models.TextChoices):
    ANY = "any", "Any size"
    ABOVE = "above", "Above the thresholds"
    AT_OR_BELOW = "at_or_below", "At or below the thresholds"


def _check_not_below(child: ClassifiedModel, parent: ClassifiedModel | None, what: str) -> None:
    if parent is not None and child.classification < parent.classification:
        raise ValidationError(
            {
                "classification": f"It names the Party, so it cannot be below the level of the "
                f"{what} ({parent.level.label})."
            }
        )


class SecUser(ClassifiedModel):
    """A SEC Party acting as a User in one or more User Roles, with the size facts the
    assessment schedule needs (domestic and non-domestic premises) and whether its User System
    is provided by a Shared Resource Provider."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    roles = models.JSONField(default=list, help_text="User Roles (codes of UserRole).")
    domestic_premises = models.PositiveIntegerField(
        default=0, help_text="Enrolled Domestic Premises (Smart Metering Inventory)."
    )
    non_domestic_premises = models.PositiveIntegerField(
        default=0, help_text="Enrolled Non-Domestic Premises."
    )
    uses_shared_resource_provider = models.BooleanField(default=False)
    shared_resource_provider = models.CharField(max_length=200, blank=True)
    live_since = models.DateField(null=True, blank=True, help_text="Became a DCC User.")
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = "User"
        ordering = ["organisation__name", "id"]
        indexes = [models.Index(fields=["classification", "-live_since", "-id"])]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("assurance:user_detail", args=[self.pk])

    @property
    def party_name(self) -> str:
        return self.organisation.name

    @property
    def role_labels(self) -> list[str]:
        labels = dict(UserRole.choices)
        return [labels.get(r, r) for r in self.roles]

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.roles, list) or not self.roles:
            raise ValidationError({"roles": "Choose at least one User Role."})
        unknown = set(self.roles) - set(UserRole.values)
        if unknown:
            raise ValidationError({"roles": f"Unknown User Role: {', '.join(sorted(unknown))}."})
        if self.shared_resource_provider and not self.uses_shared_resource_provider:
            raise ValidationError(
                {"shared_resource_provider": "Only for a User using a Shared Resource Provider."}
            )


class UserSecurityAssessment(ClassifiedModel):
    """One User Security Assessment (Full, Verification or Security Self-Assessment) of a User,
    with its dates and its lifecycle (`status`, changed only by `assessment_transition`)."""

    sec_user = models.ForeignKey(SecUser, on_delete=models.PROTECT, related_name="assessments")
    assessment_type = models.CharField(max_length=20, choices=AssessmentType.choices)
    kind = models.CharField(
        max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.ANNUAL
    )
    cycle_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the three-year cycle (1–3); blank for ad hoc."
    )
    phase = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Phase of a phased Full assessment (1 or 2)."
    )
    user_cio = models.CharField("User CIO", max_length=200, default=DEFAULT_USER_CIO, blank=True)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.BOOKED
    )
    booked_on = models.DateField(null=True, blank=True)
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    report_on = models.DateField("report issued", null=True, blank=True)
    response_due = models.DateField(
        null=True, blank=True, help_text="Date set by the SSC for the User's response."
    )
    response_received_on = models.DateField(null=True, blank=True)
    ssc_review_on = models.DateField("SSC review", null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = "User Security Assessment"
        ordering = ["-fieldwork_start", "-id"]
        indexes = [models.Index(fields=["classification", "-fieldwork_start", "-id"])]

    # Named after its User: pages leave the Party out for those who may not read the User.
    name_follows = ("sec_user",)

    def __str__(self) -> str:
        return f"{self.sec_user.party_name}: {self.label}"

    def name_without_parents(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("assurance:assessment_detail", args=[self.pk])

    @property
    def abbreviation(self) -> str:
        return ASSESSMENT_ABBREVIATION[AssessmentType(self.assessment_type)]

    @property
    def sets_assurance_status(self) -> bool:
        """An initial or follow-up Full assessment ends in an Assurance Status (G8.34); every
        other assessment in a Compliance Status."""
        return self.assessment_type == AssessmentType.FULL and self.kind in (
            AssessmentKind.INITIAL,
            AssessmentKind.FOLLOW_UP,
        )

    @property
    def label(self) -> str:
        """'VUSA, year 2', 'FUSA, initial, phase 2', 'SSA, ad hoc'."""
        parts = [self.abbreviation]
        if self.kind in (AssessmentKind.INITIAL, AssessmentKind.FOLLOW_UP, AssessmentKind.AD_HOC):
            parts.append(
                {"initial": "initial", "follow_up": "follow-up", "ad_hoc": "ad hoc"}[self.kind]
            )
        if self.cycle_year and self.kind != AssessmentKind.INITIAL:
            parts.append(f"year {self.cycle_year}")
        if self.phase:
            parts.append(f"phase {self.phase}")
        return ", ".join(parts)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.sec_user_id:
            try:
                _check_not_below(self, self.sec_user, "User")
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if self.cycle_year is not None and not 1 <= self.cycle_year <= 3:
            errors["cycle_year"] = "A cycle has three years (1–3)."
        if self.phase is not None:
            if self.assessment_type != AssessmentType.FULL:
                errors["phase"] = "Only a Full assessment can be phased."
            elif self.phase not in (1, 2):
                errors["phase"] = "A phased Full assessment has phases 1 and 2."
        if (
            self.kind in (AssessmentKind.INITIAL, AssessmentKind.FOLLOW_UP)
            and self.assessment_type != AssessmentType.FULL
        ):
            errors["kind"] = "Initial and follow-up assessments are Full assessments."
        for first, then in (
            ("booked_on", "fieldwork_start"),
            ("fieldwork_start", "fieldwork_end"),
            ("fieldwork_end", "report_on"),
            ("report_on", "response_received_on"),
        ):
            a, b = getattr(self, first), getattr(self, then)
            if a and b and b < a:
                label = cast("models.Field[Any, Any]", self._meta.get_field(first)).verbose_name
                errors[then] = f"Cannot be before the {label}."
        if errors:
            raise ValidationError(errors)


class ComplianceStatusOption(models.Model):
    """One value of the configurable Compliance Status list (default: Compliant, Potentially
    non-compliant, Non-compliant). `notifies_panel` marks outcomes the SSC must notify to the
    Panel (listed in the Panel paper's confidential appendix)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    notifies_panel = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=10)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class AssessmentOutcome(ClassifiedModel):
    """The outcome the SSC set for an assessment in a meeting: an Assurance Status (after an
    initial or follow-up Full assessment) or a Compliance Status (after a Verification or
    Self-Assessment). Recorded as a `meetings.Decision`; a non-compliant or potentially
    non-compliant outcome records the duty to notify the Panel."""

    assessment = models.OneToOneField(
        UserSecurityAssessment, on_delete=models.PROTECT, related_name="outcome"
    )
    decision = models.ForeignKey("meetings.Decision", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    assurance_status = models.CharField(max_length=30, choices=AssuranceStatus.choices, blank=True)
    conditions = models.TextField(
        blank=True, help_text="For 'Approved, subject to …': what the Party must do."
    )
    compliance_status = models.ForeignKey(
        ComplianceStatusOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notify_panel = models.BooleanField(
        default=False, help_text="The SSC must notify the Panel (non-compliant or potentially)."
    )
    notes = models.TextField(blank=True)

    # The Party it is about: refused in text for a lower audience (core.leaks).
    sensitive_fields = ("assessment__sec_user__organisation__name",)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["classification", "-decided_on", "-id"])]

    name_follows = ("assessment__sec_user",)

    #: Set by `assurance.selectors.appendix_rows` (`core.parents.attach_visible_parents`): the
    #: linked records as the reader may see them, None where they may not.
    shown_assessment: UserSecurityAssessment | None
    shown_user: SecUser | None
    shown_meeting: Meeting | None

    def __str__(self) -> str:
        return f"{self.assessment}: {self.outcome_text}"

    def name_without_parents(self) -> str:
        return f"{self.get_kind_display()}: {self.outcome_text}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:outcome_detail", args=[self.pk])

    @property
    def outcome_text(self) -> str:
        if self.kind == OutcomeKind.ASSURANCE:
            label = AssuranceStatus(self.assurance_status).label
            if self.assurance_status == AssuranceStatus.APPROVED_SUBJECT_TO and self.conditions:
                return f"{label} {self.conditions}"
            return label
        return self.compliance_status.label if self.compliance_status else ""

    def clean(self) -> None:
        super().clean()
        if self.assessment_id:
            _check_not_below(self, self.assessment, "assessment")
        if self.kind == OutcomeKind.ASSURANCE:
            if not self.assurance_status:
                raise ValidationError({"assurance_status": "Choose the Assurance Status."})
            if self.compliance_status_id:
                raise ValidationError(
                    {"compliance_status": "An Assurance Status outcome has no Compliance Status."}
                )
        elif self.kind == OutcomeKind.COMPLIANCE:
            if not self.compliance_status_id:
                raise ValidationError({"compliance_status": "Choose the Compliance Status."})
            if self.assurance_status:
                raise ValidationError(
                    {"assurance_status": "A Compliance Status outcome has no Assurance Status."}
                )


OBLIGATION_RE = re.compile(r"^G([3-6])\.\d+[A-Z]?(\([a-z0-9]+\))*$")


class Finding(ClassifiedModel):
    """A non-compliance (or potential non-compliance) an assessment found against an obligation
    in SEC Sections G3–G6, with its remediation date and whether it is closed. RED by default."""

    assessment = models.ForeignKey(
        UserSecurityAssessment, on_delete=models.PROTECT, related_name="findings"
    )
    obligation = models.CharField(max_length=30, help_text="SEC reference, e.g. G5.14.")
    description = models.TextField()
    potential = models.BooleanField(default=False, help_text="A potential non-compliance.")
    remediation_due = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    # The finding code (G4.9): refused in text for a lower audience (core.leaks).
    sensitive_fields = ("obligation",)

    class Meta:
        ordering = ["assessment_id", "obligation", "id"]
        indexes = [models.Index(fields=["classification", "-remediation_due", "-id"])]

    def __str__(self) -> str:
        return f"{self.obligation} – {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:finding_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self) -> None:
        super().clean()
        if self.obligation and not OBLIGATION_RE.match(self.obligation.strip()):
            raise ValidationError(
                {"obligation": "Give an obligation in SEC Sections G3–G6, e.g. G5.14."}
            )
        if self.assessment_id:
            _check_not_below(self, self.assessment, "assessment")


class DirectorsLetter(ClassifiedModel):
    """A director-signed letter a User submits (usually after remediating an assessment's
    findings) for the SSC to review and approve in a meeting; the review is a Decision."""

    sec_user = models.ForeignKey(SecUser, on_delete=models.PROTECT, related_name="letters")
    assessment = models.ForeignKey(
        UserSecurityAssessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    received_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)

    # The Party it is from: refused in text for a lower audience (core.leaks).
    sensitive_fields = ("sec_user__organisation__name",)

    class Meta:
        verbose_name = "Director's Letter"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["classification", "-received_on", "-id"])]

    name_follows = ("sec_user",)

    #: Set by `assurance.selectors.appendix_rows` (`core.parents.attach_visible_parents`): the
    #: linked records as the reader may see them, None where they may not.
    shown_assessment: UserSecurityAssessment | None
    shown_user: SecUser | None
    shown_meeting: Meeting | None

    def __str__(self) -> str:
        return f"Director's Letter from {self.sec_user.party_name} ({self.received_on:%-d %B %Y})"

    def name_without_parents(self) -> str:
        return f"Director's Letter of {self.received_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:letter_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.sec_user_id:
            _check_not_below(self, self.sec_user, "User")
            if self.assessment is not None and self.assessment.sec_user_id != self.sec_user_id:
                raise ValidationError({"assessment": "That assessment is of another User."})
        if self.assessment_id:
            _check_not_below(self, self.assessment, "assessment")


class ScheduleRule(models.Model):
    """One row of the assessment schedule (SCF Part 1 §4.3), held as data: in `cycle_year` of
    the three-year cycle, a User of one of `party_categories` (empty = any) whose size passes
    `size_test` owes an `assessment_type`, due within `due_months` of the previous fieldwork end.

    Size: a portfolio is *above* the thresholds when
    domestic / domestic_threshold + non_domestic / non_domestic_threshold > 1 (the SECMP0059
    weighting for mixed portfolios; a purely domestic or purely non-domestic portfolio reduces
    to "more than 250,000 domestic" or "more than 50,000 non-domestic"). The first active rule
    by `position` that matches wins; the cycle length is the highest `cycle_year` of the active
    rules."""

    cycle_year = models.PositiveSmallIntegerField()
    party_categories = models.JSONField(
        default=list, blank=True, help_text="accounts.PartyCategory codes; empty means any."
    )
    size_test = models.CharField(max_length=20, choices=SizeTest.choices, default=SizeTest.ANY)
    domestic_threshold = models.PositiveIntegerField(default=250_000)
    non_domestic_threshold = models.PositiveIntegerField(default=50_000)
    assessment_type = models.CharField(max_length=20, choices=AssessmentType.choices)
    due_months = models.PositiveSmallIntegerField(default=12)
    position = models.PositiveSmallIntegerField(default=10)
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the rule comes from.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle_year", "position", "id"]

    def __str__(self) -> str:
        return f"Year {self.cycle_year}: {ASSESSMENT_ABBREVIATION[self.assessment_type]}"

    @property
    def category_labels(self) -> list[str]:
        labels = dict(PartyCategory.choices)
        return [labels.get(c, c) for c in self.party_categories]

    def is_above(self, domestic: int, non_domestic: int) -> bool:
        """domestic / D + non_domestic / N > 1, in exact integer arithmetic."""
        d, n = self.domestic_threshold, self.non_domestic_threshold
        if d and n:
            return domestic * n + non_domestic * d > d * n
        if d:
            return domestic > d
        if n:
            return non_domestic > n
        return False

    def matches(self, party_category: str, domestic: int, non_domestic: int) -> bool:
        if self.party_categories and party_category not in self.party_categories:
            return False
        if self.size_test == SizeTest.ABOVE:
            return self.is_above(domestic, non_domestic)
        if self.size_test == SizeTest.AT_OR_BELOW:
            return not self.is_above(domestic, non_domestic)
        return True


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
