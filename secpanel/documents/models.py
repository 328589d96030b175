"""Controlled documents, their versions and approvals; industry reviews and consultations."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from secpanel.core.models import ClassifiedModel

VERSION_RE = re.compile(r"^\d+(\.\d+){0,3}$")
MODIFICATION_RE = re.compile(r"^(SECMP\d{4}|MP\d{3}[A-Z]?|DP\d{3})$")


class ControlledDocument(ClassifiedModel):
    """A document a body owns and keeps under version control: the Security Controls
    Framework, the Agreed Interpretations, the SMETS1 Security Architecture, the Business and
    Technical Architecture Documents, a release's Testing Approach Document..."""

    title = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="As papers write it: SCF.")
    description = models.TextField(blank=True, help_text="Markdown.")
    public_url = models.URLField(blank=True, help_text="Its public page, if it has one.")

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["classification", "title", "id"])]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        return self.short_name or self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED_FOR_REVIEW = "issued_for_review", "Issued for review"
    IN_CONSULTATION = "in_consultation", "In consultation"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class DocumentVersion(ClassifiedModel):
    """One version of a controlled document (SCF V1.16). Its approval is the decision that
    approved exactly this version (`approved_by_decision`); a new version starts as a draft
    with no approval of its own."""

    document = models.ForeignKey(
        ControlledDocument, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField(max_length=20, help_text="Without the V: 1.16")
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, editable=False
    )
    issued_on = models.DateField(null=True, blank=True, help_text="Issued for review or use.")
    approved_on = models.DateField(null=True, blank=True, editable=False)
    approved_by_decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The decision that approved this exact version.",
    )
    summary = models.TextField(blank=True, help_text="Markdown: what changed in this version.")

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["classification", "-issued_on", "-id"])]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="unique_doc_version")
        ]

    # Named after its document: pages name it "V1.16" to those who may not read the document.
    name_follows = ("document",)

    def __str__(self) -> str:
        return f"{self.document.label} V{self.version}"

    def name_without_parents(self) -> str:
        return f"V{self.version}"

    def clean(self) -> None:
        self.version = (self.version or "").strip().removeprefix("V").removeprefix("v")
        if not VERSION_RE.match(self.version):
            raise ValidationError({"version": "Write a version as numbers and dots, e.g. 1.16."})

    def get_absolute_url(self) -> str:
        return reverse("documents:version_detail", args=[self.pk])


class ConsultationKind(models.TextChoices):
    INDUSTRY_REVIEW = "industry_review", "Industry review"
    CONSULTATION = "consultation", "Consultation"


class ConsultationStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CONCLUDED = "concluded", "Concluded"


class Consultation(ClassifiedModel):
    """An industry review or formal consultation on a document version or a modification,
    with its closing deadline ("comments due by 20 May 2019") and outcome."""

    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=ConsultationKind.choices, default=ConsultationKind.CONSULTATION
    )
    document_version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    modification_ref = models.CharField(
        max_length=12, blank=True, help_text="The modification it is about, e.g. SECMP0024."
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(help_text="Comments due by.")
    status = models.CharField(
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.PLANNED,
        editable=False,
    )
    outcome = models.TextField(blank=True, help_text="Markdown: what came of it.")
    public_url = models.URLField(blank=True)
    response_summary = models.TextField(
        blank=True,
        editable=False,
        help_text="Markdown: the secretariat's summary of the responses, set only when it is "
        "published (`consultation_summary_publish`), so no draft is ever shown.",
    )
    summary_published_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-closes_on", "-id"]
        indexes = [models.Index(fields=["classification", "-closes_on", "-id"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.modification_ref = (self.modification_ref or "").strip().upper()
        if self.modification_ref and not MODIFICATION_RE.match(self.modification_ref):
            raise ValidationError(
                {"modification_ref": "Use a modification reference such as SECMP0024 or MP073."}
            )
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "It cannot close before it opens."})

    def get_absolute_url(self) -> str:
        return reverse("documents:consultation_detail", args=[self.pk])

    def takes_responses_on(self, day: datetime.date) -> bool:
        """Does it take a respondent's response (or a change to one) on `day`? Open, and the
        deadline ("comments due by", inclusive) not passed (decisions/0018)."""
        return self.status == ConsultationStatus.OPEN and day <= self.closes_on


class ConsultationResponse(ClassifiedModel):
    """One response received to a consultation; classified on its own (a Party's response
    may be confidential while the consultation is public).

    Either recorded by the secretariat (`response_record`, any level it chooses) or submitted
    by a SEC Party's own person for their organisation (`submitted_by` set:
    `consultation_response_submit` / `_edit`, decisions/0018): then it is RED, named to the
    organisation's people, until the secretariat publishes the summary of responses, which puts
    it at the consultation's level unless the respondent marked it `confidential`."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respondent_name = models.CharField(
        max_length=200, blank=True, help_text="If the respondent is not a recorded organisation."
    )
    received_on = models.DateField()
    summary = models.TextField(blank=True, help_text="Markdown.")
    confidential = models.BooleanField(
        default=False,
        help_text="The respondent asks that it is not published: it stays with the body.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The Party's person who submitted it for their organisation (empty: the "
        "secretariat recorded it).",
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["classification", "-received_on", "-id"])]
        constraints = [
            # One response per organisation per consultation from the respondents themselves
            # (the secretariat may record several letters of one organisation).
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=models.Q(submitted_by__isnull=False),
                name="one_submitted_response_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"Response from {self.respondent_label} ({self.received_on:%-d %B %Y})"

    @property
    def respondent_label(self) -> str:
        if self.respondent is not None:
            return str(self.respondent.short_name or self.respondent.name)
        return self.respondent_name or "an unnamed respondent"

    def clean(self) -> None:
        if not self.respondent_id and not self.respondent_name.strip():
            raise ValidationError({"respondent_name": "Name the respondent."})

    def get_absolute_url(self) -> str:
        return reverse("documents:response_detail", args=[self.pk])
