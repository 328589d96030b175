"""The monthly Panel paper: its configuration (as data), drafts with versions, issued files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel


class ReportConfiguration(models.Model):
    """How a code's monthly sub-committee report is put together: title, purpose, which
    sections in which order. Another code (BSC, UNC...) is another row, not new code."""

    name = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=200, default="SEC Panel Sub-Committee Report")
    item_number = models.PositiveSmallIntegerField(
        default=16, help_text="Default agenda item number of the report at the Panel meeting."
    )
    purpose = models.TextField(help_text="Section 1 text.")
    audience = models.CharField(
        max_length=60, default="the Panel", help_text="Who the recommendations address."
    )
    paper_days_before = models.PositiveSmallIntegerField(
        default=5, help_text="The paper is dated this many working days before the meeting."
    )
    team = models.CharField(max_length=100, default="SECAS Team")
    appendix_title = models.CharField(
        max_length=200,
        default="User Security Assessments – Identified Non-Compliances",
    )
    is_default = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportSection(models.Model):
    """A numbered section of the paper (e.g. 3 "Security Sub-Committee and SMKI PMA")."""

    configuration = models.ForeignKey(
        ReportConfiguration, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["configuration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["configuration", "position"], name="unique_section_position"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class BlockKind(models.TextChoices):
    """The block kinds the SEC's configuration uses. Every register can add its own through
    `core.paper.register_block`; `ReportBlock.kind` offers whatever is registered."""

    MEETINGS = "meetings", "Meetings: met on / will meet on, with agenda"
    ASSURANCE = "assurance", "Security assurance figures (assurance, VUSA, letters, SSA)"
    HIGHLIGHTS = "highlights", "Highlights of the body, with everything it did in the month"


def _block_kinds() -> list[tuple[str, str]]:
    from secpanel.core.paper import block_kinds

    return block_kinds()


def _phrase_keys() -> list[tuple[str, str]]:
    from secpanel.core.paper import phrase_keys

    return phrase_keys()


class ReportBlock(models.Model):
    """What one body contributes to a section, in order: a kind of content and its heading.
    Heading placeholders: {body} (name), {short} (short name)."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField()
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=_block_kinds)
    heading = models.CharField(max_length=200, blank=True, default="{short} Highlights")
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "position"]

    def __str__(self) -> str:
        return f"{self.section}: {self.get_kind_display()} ({self.body.short_name})"


class ReportPhrase(models.Model):
    """The configuration's wording of one generated sentence, replacing the default (the SEC's
    wording, registered by the provider that writes it: `core.paper`). Placeholders are those
    of the default; `{n}` / `{n_words}` are the count."""

    configuration = models.ForeignKey(
        ReportConfiguration, on_delete=models.CASCADE, related_name="phrases"
    )
    key = models.CharField(max_length=60, choices=_phrase_keys)
    text = models.TextField(help_text="The sentence (the plural form where it counts).")
    one = models.TextField(blank=True, help_text="For a count of one (if different).")
    zero = models.TextField(blank=True, help_text="For a count of none (if different).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["configuration", "key"]
        constraints = [
            models.UniqueConstraint(fields=["configuration", "key"], name="unique_phrase_key")
        ]

    def __str__(self) -> str:
        return f"{self.configuration}: {self.key}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from secpanel.core.paper import check_phrase, default_phrases

        default = default_phrases().get(self.key)
        if default is None:
            raise ValidationError({"key": "No generated sentence has this key."})
        errors = {}
        for name in ("text", "one", "zero"):
            problem = check_phrase(getattr(self, name), default)
            if problem:
                errors[name] = problem
        if errors:
            raise ValidationError(errors)


class NonWorkingDay(models.Model):
    """Bank holidays: skipped when counting working days back to the paper date."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class PaperAction(models.TextChoices):
    FOR_INFORMATION = "For Information", "For Information"
    FOR_DECISION = "For Decision", "For Decision"
    FOR_DISCUSSION = "For Discussion", "For Discussion"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PUBLISHED = "published", "Published"


class PanelReport(ClassifiedModel):
    """The Sub-Committee Report for one Panel meeting. Owned by the Panel; AMBER while a
    draft (its content is read through the versions and issued files, each classified)."""

    configuration = models.ForeignKey(ReportConfiguration, on_delete=models.PROTECT)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="panel_reports"
    )
    item_number = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    action = models.CharField(
        max_length=20, choices=PaperAction.choices, default=PaperAction.FOR_INFORMATION
    )
    paper_date = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )

    class Meta:
        ordering = ["-paper_date", "-id"]
        indexes = [models.Index(fields=["classification", "-paper_date", "-id"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%B %Y}"

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()

    # A composite record: its versions carry other bodies' records (core.services).
    def content_body_ids(self) -> set[int]:
        bodies = {self.owning_body_id}
        if self.pk is not None:
            for ids in self.versions.values_list("content_bodies", flat=True):
                bodies.update(ids or [])
        return bodies

    def classification_floor(self) -> Classification:
        """Amber until published: a draft's wording (shown in its previews) has not yet been
        through the issue and publish checks."""
        if self.status == ReportStatus.PUBLISHED:
            return Classification.WHITE
        return Classification.AMBER

    def classification_floor_message(self, floor: Classification) -> str:
        return (
            f"A Panel report is never below {floor.label} before it is published: its draft "
            "wording has not been checked for publication."
        )


class ReportVersion(models.Model):
    """One state of a report's wording, per edition. Version 1 is compiled from records; later
    versions are the secretariat's edits. The content is the PaperDocument as JSON."""

    report = models.ForeignKey(PanelReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    public_content = models.JSONField()
    panel_content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300)
    omitted = models.JSONField(
        default=list, help_text="Records left out because they are above White, for review."
    )
    content_bodies = models.JSONField(
        default=list,
        help_text="Ids of the bodies whose records fed this version (either edition).",
    )

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report.reference} v{self.number}"


class Edition(models.TextChoices):
    PUBLIC = "public", "Public edition"
    PANEL = "panel", "Panel edition (with Appendix A)"


EDITION_LEVEL = {Edition.PUBLIC: Classification.WHITE, Edition.PANEL: Classification.RED}


class IssuedFile(ClassifiedModel):
    """A rendered file of an issued version, kept with its SHA-256 and the record versions it
    was built from. The public edition becomes WHITE when the report is published."""

    report = models.ForeignKey(PanelReport, on_delete=models.PROTECT, related_name="files")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    edition = models.CharField(max_length=10, choices=Edition.choices)
    format = models.CharField(max_length=10)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    record_versions = models.JSONField(default=list)
    content_bodies = models.JSONField(
        default=list,
        help_text="Ids of the bodies whose records fill this edition: lowering the file's "
        "level needs a chair or the secretariat of each of them (and of the Panel).",
    )
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at", "edition", "format"]
        indexes = [models.Index(fields=["classification", "-issued_at", "-id"])]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("reports:file_download", args=[self.pk])

    # A composite record: Panel-owned, filled with other bodies' records (core.services).
    def content_body_ids(self) -> set[int]:
        return {self.owning_body_id, *(self.content_bodies or [])}

    def content_level(self) -> Classification:
        """The highest level of any block (body or appendix) of the edition this file renders."""
        version = self.version
        data = version.panel_content if self.edition == Edition.PANEL else version.public_content
        data = data or {}
        return Classification.high_water(
            block.get("level", Classification.WHITE)
            for part in ("body", "appendix")
            for block in data.get(part) or []
        )

    def classification_floor(self) -> Classification:
        """A file is never below what it renders; a Panel edition never below Amber (with
        Appendix A, Red), whoever asks."""
        level = self.content_level()
        if self.edition == Edition.PANEL:
            return max(level, Classification.AMBER)
        return level

    def classification_floor_message(self, floor: Classification) -> str:
        if self.edition == Edition.PANEL:
            what = "its Appendix A" if floor == Classification.RED else "its content"
            return (
                f"A Panel edition can never be below {floor.label}: {what} is {floor.label}. "
                "Only the public edition is published, by publishing the report."
            )
        return f"This file carries {floor.label} content; it can never be below {floor.label}."

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "html": "text/html; charset=utf-8",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }[self.format]


class WordingEdit(models.Model):
    """The secretariat's wording of one block of a report, kept against the block it changed
    (`key`), the generated text it replaced and the record versions that text came from.
    Recompiling re-applies it; when the records under it have changed since, it is flagged
    for review (`needs_review`) rather than applied blindly or dropped. A block that no longer
    exists leaves its edit `orphaned`, listed until someone drops it."""

    report = models.ForeignKey(PanelReport, on_delete=models.CASCADE, related_name="edits")
    key = models.CharField(max_length=60)
    text = models.TextField(help_text="The wording the secretariat chose.")
    base_text = models.TextField(help_text="The generated text it replaced.")
    generated_text = models.TextField(
        blank=True, help_text="What the records generate for the block at the last compile."
    )
    base_sources = models.JSONField(
        default=list, help_text="The records (model, pk, history version) under the block."
    )
    note = models.CharField(max_length=300)
    needs_review = models.BooleanField(default=False)
    orphaned = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="unique_wording_edit")
        ]

    def __str__(self) -> str:
        return f"{self.report.reference} {self.key}"
