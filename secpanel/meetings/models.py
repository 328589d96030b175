"""A body's business: meetings and their agendas, attendance and minutes; papers with their
appendices, recommendations and versions; decisions, actions and highlights."""

from __future__ import annotations

import datetime
import string

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.models import Citation, ClassifiedModel


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
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="unique_meeting_number")
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"{self.body.short_name}{number}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "A meeting cannot end before it starts."})

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def last_date(self) -> datetime.date:
        """The meeting's last day (its first, unless it ends on a later one)."""
        return timezone.localtime(self.ends_at).date() if self.ends_at else self.date

    def out_of_its_days(self, day: datetime.date) -> str:
        """Why something dated `day` cannot have happened in this meeting ("" if it can)."""
        if self.date <= day <= self.last_date:
            return ""
        held = f"{self.date:%-d %B %Y}"
        if self.last_date != self.date:
            held = f"{held} to {self.last_date:%-d %B %Y}"
        return f"The meeting was held on {held}: give a date within it, or no meeting."

    @property
    def where(self) -> str:
        if self.online and self.location:
            return f"{self.location} and online"
        return "Online" if self.online else self.location


class PaperAction(models.TextChoices):
    FOR_INFORMATION = "information", "For Information"
    FOR_DECISION = "decision", "For Decision"
    FOR_DISCUSSION = "discussion", "For Discussion"


DEFAULT_REFERENCE_PATTERN = "{prefix}_{number}_{ddmm}_{item}"
REFERENCE_FIELDS = {"prefix", "number", "ddmm", "yyyy", "yy", "mm", "dd", "item"}


class PaperSeries(models.Model):
    """How one body's paper references are allocated. The pattern uses {prefix}, {number}
    (meeting number), {ddmm}, {dd}, {mm}, {yy}, {yyyy} (meeting date) and {item} (agenda item);
    the Panel's is `{prefix}_{number}_{ddmm}_{item}` → SECP_68_1005_16."""

    body = models.OneToOneField(
        "bodies.Body", on_delete=models.CASCADE, related_name="paper_series"
    )
    prefix = models.CharField(
        max_length=20, blank=True, help_text="Blank: the body's paper reference prefix."
    )
    pattern = models.CharField(max_length=100, default=DEFAULT_REFERENCE_PATTERN)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "paper series"

    def __str__(self) -> str:
        return f"{self.body.short_name}: {self.pattern}"

    def clean(self) -> None:
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(self.pattern) if n is not None}
        except ValueError as exc:
            raise ValidationError({"pattern": f"Not a valid pattern: {exc}."}) from exc
        unknown = names - REFERENCE_FIELDS
        if unknown:
            raise ValidationError(
                {"pattern": f"Unknown placeholder(s): {', '.join(sorted(unknown))}."}
            )
        if "item" not in names:
            raise ValidationError({"pattern": "The pattern must contain {item}."})


class StandingItem(ClassifiedModel):
    """An agenda item that recurs on every agenda of its body (the Ops Group's
    "DCC reporting reviews"). New agendas start with the body's active standing items."""

    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=10)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["owning_body__display_order", "position", "id"]
        indexes = [models.Index(fields=["classification", "position", "id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:body_home", args=[self.owning_body.code])


class AgendaItem(ClassifiedModel):
    """One numbered item on a meeting's agenda. Its owning body is the meeting's body."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    action = models.CharField(max_length=20, choices=PaperAction.choices, blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    standing = models.BooleanField(default=False, help_text="Recurs on every agenda.")
    notes = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_agenda_number")
        ]
        indexes = [models.Index(fields=["classification", "meeting", "number"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.meeting_id and self.owning_body_id and self.meeting.body_id != self.owning_body_id:
            raise ValidationError({"owning_body": "An agenda item belongs to its meeting's body."})

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#agenda-{self.number}"


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    ALTERNATE = "alternate", "Alternate"
    OBSERVER = "observer", "Observer"
    SECRETARIAT = "secretariat", "Secretariat"
    GUEST = "guest", "Guest / presenter"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(ClassifiedModel):
    """Who attended a meeting (or sent apologies), and in what capacity."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True, help_text="If not a secpanel user.")
    role = models.CharField(
        max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.MEMBER
    )
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )

    class Meta:
        ordering = ["meeting", "role", "name", "id"]
        indexes = [models.Index(fields=["classification", "meeting"])]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#attendance"

    def clean(self) -> None:
        if not self.person_id and not self.name.strip():
            raise ValidationError({"name": "Name a person or pick an account."})


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Minutes(ClassifiedModel):
    """The minutes of one meeting: draft until the body approves them, then locked. Every
    revision is kept in history."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(help_text="Markdown.")
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["-meeting__starts_at", "-id"]
        indexes = [models.Index(fields=["classification", "-id"])]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes_detail", args=[self.pk])


class PaperStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PUBLISHED = "published", "Published"


class Paper(ClassifiedModel):
    """A paper for a meeting: reference, title, action, author, recommendations, appendices
    (each with its own level) and file versions. Its level is never below any record it
    includes (`meetings.services.paper_include`)."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="papers"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    reference = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=300)
    action = models.CharField(
        max_length=20, choices=PaperAction.choices, default=PaperAction.FOR_INFORMATION
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.CharField(max_length=100, default="SECAS Team", blank=True)
    date = models.DateField()
    summary = models.TextField(blank=True, help_text="Markdown: the paper's purpose.")
    status = models.CharField(max_length=20, choices=PaperStatus.choices, default=PaperStatus.DRAFT)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["classification", "-date", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="unique_paper_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:paper_detail", args=[self.pk])

    # A composite record (core.services' declassification rule): the records it includes and
    # its appendices may be other bodies'.
    def _included_records(self) -> list[tuple[Classification, int]]:
        """(level, owning body) of every classified record the paper includes (cites)."""
        if self.pk is None:
            return []
        rows = Citation.objects.filter(
            source_type=ContentType.objects.get_for_model(Paper), source_id=self.pk
        ).values_list("target_type_id", "target_id")
        by_type: dict[int, set[int]] = {}
        for type_id, obj_id in rows:
            by_type.setdefault(type_id, set()).add(obj_id)
        found: list[tuple[Classification, int]] = []
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None or not issubclass(model, ClassifiedModel):
                continue
            for level, body_id in (
                model._default_manager.unrestricted()
                .filter(pk__in=ids)
                .values_list("classification", "owning_body_id")
            ):
                found.append((Classification(level), body_id))
        return found

    def content_body_ids(self) -> set[int]:
        """The paper's body, the bodies of the records it includes and of its appendices."""
        bodies = {self.owning_body_id}
        if self.pk is None:
            return bodies
        bodies.update(body for _level, body in self._included_records())
        bodies.update(
            PaperAppendix.objects.unrestricted()
            .filter(paper_id=self.pk)
            .values_list("owning_body_id", flat=True)
        )
        return bodies

    def classification_floor(self) -> Classification:
        """Never below a record it includes (its appendices have their own levels)."""
        return Classification.high_water(level for level, _body in self._included_records())

    def classification_floor_message(self, floor: Classification) -> str:
        return (
            f"The paper includes a {floor.label} record; it cannot be below {floor.label} "
            "(put the record in an appendix of that level instead)."
        )


class PaperAppendix(ClassifiedModel):
    """An appendix of a paper with its own level (the seed's WHITE paper lists a RED
    "Appendix A"); only those who may read it see its content. (Its text is held here; files
    are uploaded as paper versions, which are at the paper's level.)"""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="appendices")
    letter = models.CharField(max_length=3)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        verbose_name_plural = "paper appendices"
        ordering = ["paper", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "letter"], name="unique_appendix_letter")
        ]
        indexes = [models.Index(fields=["classification", "paper"])]

    def __str__(self) -> str:
        return f"Appendix {self.letter}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:appendix_detail", args=[self.pk])


class RecommendationVerb(models.TextChoices):
    NOTE = "NOTE", "NOTE"
    AGREE = "AGREE", "AGREE"
    APPROVE = "APPROVE", "APPROVE"
    ENDORSE = "ENDORSE", "ENDORSE"
    CONSIDER = "CONSIDER", "CONSIDER"
    DISCUSS = "DISCUSS", "DISCUSS"


class Recommendation(models.Model):
    """What a paper asks the body to do ("The Panel is requested to NOTE …"). Part of its
    paper: read only through a paper the reader may see, at the paper's level."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=10)
    verb = models.CharField(max_length=10, choices=RecommendationVerb.choices)
    text = models.CharField(max_length=500)
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str

    class Meta:
        ordering = ["paper", "position", "id"]

    def __str__(self) -> str:
        return f"{self.verb} {self.text}"


class PaperVersion(models.Model):
    """One uploaded file of a paper (v1, v2…). Part of its paper: served only to its readers."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="papers/%Y/")
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="unique_paper_version")
        ]

    def __str__(self) -> str:
        return f"v{self.number} of {self.paper_id}"


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
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    date = models.DateField()
    verb = models.CharField(max_length=20, choices=DecisionVerb.choices)
    text = models.TextField(help_text="Markdown: what was decided.")
    for_panel = models.BooleanField(
        "For the Panel's attention",
        default=False,
        help_text="Reported in the monthly Panel paper under the body's highlights.",
    )

    class Meta:
        ordering = ["-date", "-id"]
        # the public's lists walk the first (one level, in order); a member's the second, in
        # order, reading the filter off each row (decisions/0024-lists-at-scale.md)
        indexes = [
            models.Index(fields=["classification", "-date", "-id"]),
            models.Index(fields=["-date", "-id"], name="meetings_decision_order"),
            # the Panel paper reads one body's month (docs/decisions/0007)
            models.Index(fields=["owning_body", "date", "id"], name="meetings_decision_body_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.text[:60]}"

    @property
    def says_its_verb(self) -> bool:
        """Whether the text already says what kind of decision it is ("Set the Compliance
        Status…", "The SSC approved…"): lists then show the text alone, not the verb twice."""
        verb = str(self.get_verb_display()).lower()
        words = [w.strip(".,;:").lower() for w in self.text.split()[:6]]
        return verb in words or any(w.startswith(verb) for w in words)

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        meeting = self.meeting if self.meeting_id else None
        if meeting is not None and self.date:
            problem = meeting.out_of_its_days(self.date)
            if problem:
                raise ValidationError({"date": problem})


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Action(ClassifiedModel):
    """Something someone must do by a date: owned by a person or an organisation (the DCC),
    usually raised in a meeting, linked to any record with `core.citations.cite`."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    reference = models.CharField(max_length=40, blank=True, help_text="e.g. TAG 04/01.")
    text = models.TextField(help_text="Markdown: what must be done.")
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_on = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    update = models.TextField(blank=True, help_text="Markdown: progress or how it was closed.")
    for_panel = models.BooleanField(
        "Addressed to the Panel",
        default=False,
        help_text="Reported in the monthly Panel paper: the body asks the Panel to act.",
    )

    class Meta:
        ordering = ["status", "due_date", "id"]
        indexes = [
            models.Index(fields=["classification", "-raised_on", "-id"]),
            models.Index(fields=["status", "due_date", "id"], name="meetings_action_order"),
            models.Index(
                fields=["classification", "status", "due_date", "id"],
                name="meetings_action_level_order",
            ),
            # the Panel paper reads one body's month (docs/decisions/0007)
            models.Index(
                fields=["owning_body", "raised_on", "id"], name="meetings_action_body_raised"
            ),
        ]

    def __str__(self) -> str:
        ref = f"{self.reference} " if self.reference else ""
        return f"{ref}{self.text[:60]}"

    def clean(self) -> None:
        if not self.owner_person_id and not self.owner_organisation_id:
            raise ValidationError(
                {"owner_person": "An action needs an owner: a person or an organisation."}
            )
        if self.due_date and self.raised_on and self.due_date < self.raised_on:
            raise ValidationError({"due_date": "The due date cannot be before it was raised."})

    @property
    def owner(self) -> str:
        parts = [str(p) for p in (self.owner_person, self.owner_organisation) if p is not None]
        return " / ".join(parts)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def get_absolute_url(self) -> str:
        return reverse("meetings:action_detail", args=[self.pk])


class Highlight(ClassifiedModel):
    """A narrative point a body brings to the Panel's attention for a reporting month
    ("SMETS1 Update", "Change Items"). Text is Markdown, sanitised when shown."""

    heading = models.CharField(max_length=200)
    text = models.TextField(
        blank=True,
        help_text="Markdown. Modification references become links. May be empty when the "
        "highlight only gathers records it cites (their sentences follow it in the paper).",
    )
    period = models.DateField(help_text="First day of the reporting month it belongs to.")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="highlights"
    )
    position = models.PositiveSmallIntegerField(
        default=10, help_text="Order within the body's section of the Panel paper."
    )

    class Meta:
        ordering = ["-period", "owning_body__display_order", "position", "id"]
        indexes = [
            models.Index(fields=["classification", "-period", "-id"]),
            models.Index(fields=["-period", "-id"], name="meetings_highlight_order"),
            # the Panel paper reads one body's month (docs/decisions/0007)
            models.Index(
                fields=["owning_body", "period", "position", "id"],
                name="meetings_highlight_body_period",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("meetings:highlight_detail", args=[self.pk])
