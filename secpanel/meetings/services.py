"""Writes of a body's business: each is atomic, validated, audited and history-kept.

Classified records go through `core.services.classified_*`; meetings and the other plain
records are validated, history-kept and audited here. States change only in the
`<noun>_transition` services, following the declarations in `meetings.workflow`.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from secpanel.accounts.types import Actor, Reader
from secpanel.bodies.models import Body
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.models import Citation, ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.services import (
    classification_change,
    classified_create,
    classified_update,
    plain_save,
    record_event,
)
from secpanel.core.workflow import StateMachine, Transition, apply, available, check
from secpanel.meetings.models import (
    DEFAULT_REFERENCE_PATTERN,
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Paper,
    PaperAction,
    PaperAppendix,
    PaperSeries,
    PaperStatus,
    PaperVersion,
    Recommendation,
    RecommendationVerb,
    StandingItem,
)
from secpanel.meetings.workflow import (
    ACTION_TRANSITIONS,
    MEETING_TRANSITIONS,
    MINUTES_TRANSITIONS,
    PAPER_TRANSITIONS,
)

W = Classification.WHITE


def _require_manager(actor: Actor, body_id: int) -> None:
    if not can_manage_body(actor, body_id):
        raise PermissionDenied("Only the secretariat of the body can change its records.")


def _save_plain(instance: models.Model, *, actor: Actor, reason: str, kind: str) -> None:
    """A plain (public) record through `core.services.plain_save`, under this app's event."""
    plain_save(actor=actor, instance=instance, reason=reason, kind=kind)


def _no_status(changes: dict[str, Any]) -> None:
    if "status" in changes:
        raise ValidationError({"status": "The status changes only through its transitions."})


# --- meetings ----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    body: Body,
    starts_at: datetime.datetime,
    number: int | None = None,
    ends_at: datetime.datetime | None = None,
    location: str = "",
    online: bool = False,
    with_standing_items: bool = True,
    reason: str = "",
) -> Meeting:
    """Schedule a meeting of `body`; its agenda starts with the body's active standing items."""
    _require_manager(actor, body.pk)
    meeting = Meeting(
        body=body,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online=online,
        status=MeetingStatus.PLANNED,
    )
    _save_plain(meeting, actor=actor, reason=reason or "Scheduled", kind="meetings.meeting_created")
    if with_standing_items:
        standing = (
            StandingItem.objects.unrestricted()
            .filter(owning_body=body, active=True)
            .order_by("position", "id")
        )
        for item in standing:
            agenda_item_add(
                actor=actor,
                meeting=meeting,
                title=item.title,
                standing=True,
                classification=Classification(item.classification),
                reason="Standing item",
            )
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, reason: str = "", **changes: Any) -> Meeting:
    """Change a meeting's number, times or place (not its body or status)."""
    _no_status(changes)
    if "body" in changes and changes["body"] != meeting.body:
        raise ValidationError({"body": "A meeting cannot move to another body."})
    _require_manager(actor, meeting.body_id)
    for name, value in changes.items():
        setattr(meeting, name, value)
    _save_plain(meeting, actor=actor, reason=reason or "Updated", kind="meetings.meeting_updated")
    return meeting


@transaction.atomic
def meeting_transition(*, actor: Actor, obj: Meeting, name: str, reason: str = "") -> Meeting:
    """Mark a meeting held, cancel it, or reinstate a cancelled one."""
    _require_manager(actor, obj.body_id)
    obj = Meeting.objects.select_for_update().get(pk=obj.pk)
    transition = check(MEETING_TRANSITIONS, obj, name, reason=reason)
    obj.status = transition.target
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason or transition.label
    obj.save()
    record_event(kind=f"meetings.meeting_{name}", actor=actor, subject=obj, reason=reason)
    return obj


# --- agendas, standing items, attendance ---------------------------------------------------


def standing_item_create(
    *,
    actor: Actor,
    owning_body: Body,
    title: str,
    position: int = 10,
    classification: Classification = W,
    reason: str = "",
) -> StandingItem:
    """Add an item that recurs on every new agenda of `owning_body`."""
    item = StandingItem(
        owning_body=owning_body, title=title, position=position, classification=classification
    )
    return classified_create(actor=actor, instance=item, reason=reason)


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    number: int | None = None,
    action: str = "",
    presenter: str = "",
    standing: bool = False,
    notes: str = "",
    classification: Classification = W,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> AgendaItem:
    """Put an item on a meeting's agenda (numbered after the last one unless given)."""
    if number is None:
        last = (
            AgendaItem.objects.unrestricted()
            .filter(meeting=meeting)
            .aggregate(n=Max("number"))["n"]
        )
        number = (last or 0) + 1
    elif AgendaItem.objects.unrestricted().filter(meeting=meeting, number=number).exists():
        raise ValidationError({"number": f"Item {number} is already on this agenda."})
    item = AgendaItem(
        meeting=meeting,
        owning_body=meeting.body,
        number=number,
        title=title,
        action=action,
        presenter=presenter,
        standing=standing,
        notes=notes,
        classification=classification,
    )
    return classified_create(actor=actor, instance=item, reason=reason, distribution=distribution)


def agenda_item_update(
    *, actor: Actor, item: AgendaItem, reason: str = "", **changes: Any
) -> AgendaItem:
    distribution = changes.pop("distribution", None)
    changes.pop("meeting", None)
    changes["owning_body"] = item.meeting.body
    number = changes.get("number")
    if (
        number is not None
        and AgendaItem.objects.unrestricted()
        .filter(meeting_id=item.meeting_id, number=number)
        .exclude(pk=item.pk)
        .exists()
    ):
        raise ValidationError({"number": f"Item {number} is already on this agenda."})
    return classified_update(
        actor=actor, instance=item, changes=changes, reason=reason, distribution=distribution
    )


def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Any = None,
    name: str = "",
    role: str = "member",
    status: str = "present",
    classification: Classification = Classification.AMBER,
    reason: str = "",
) -> Attendance:
    """Record one attendee (or apologies) of a meeting."""
    row = Attendance(
        meeting=meeting,
        owning_body=meeting.body,
        person=person,
        name=name,
        role=role,
        status=status,
        classification=classification,
    )
    return classified_create(actor=actor, instance=row, reason=reason)


# --- minutes -------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    classification: Classification | None = None,
    distribution: Iterable[Any] | None = None,
    reason: str = "",
) -> Minutes:
    """Write or revise a meeting's draft minutes. Approved minutes are locked."""
    existing = Minutes.objects.unrestricted().filter(meeting=meeting).first()
    if existing is None:
        minutes = Minutes(
            meeting=meeting,
            owning_body=meeting.body,
            text=text,
            classification=classification or Classification.AMBER,
        )
        return classified_create(
            actor=actor, instance=minutes, reason=reason, distribution=distribution or ()
        )
    if existing.status == MinutesStatus.APPROVED:
        raise ValidationError({"text": "These minutes are approved and locked."})
    changes: dict[str, Any] = {"text": text}
    if classification is not None:
        changes["classification"] = classification
    return classified_update(
        actor=actor,
        instance=existing,
        changes=changes,
        reason=reason or "Revised",
        distribution=distribution,
    )


def minutes_transition(
    *, actor: Actor, obj: Minutes, name: str, reason: str = "", on: datetime.date | None = None
) -> Minutes:
    """Approve draft minutes (then they are locked); `on` defaults to today."""
    return apply(MINUTES_TRANSITIONS, actor=actor, obj=obj, name=name, reason=reason, on=on)


# --- papers --------------------------------------------------------------------------------


def paper_reference_allocate(*, meeting: Meeting, item_number: int) -> str:
    """The reference of the paper for agenda item `item_number` of `meeting`.

    Uses the body's `PaperSeries` pattern (default `{prefix}_{number}_{ddmm}_{item}`), e.g.
    SECP_68_1005_16 for item 16 of Panel meeting 68 on 10 May 2019. Pure: saves nothing.
    """
    body = meeting.body
    series = PaperSeries.objects.filter(body=body).first()
    pattern = series.pattern if series else DEFAULT_REFERENCE_PATTERN
    prefix = (series.prefix if series else "") or body.paper_reference_prefix or body.code.upper()
    day = meeting.date
    if "{number}" in pattern and meeting.number is None:
        raise ValidationError(
            {"meeting": f"{body.short_name} references need a meeting number; this one has none."}
        )
    return pattern.format(
        prefix=prefix,
        number=meeting.number,
        ddmm=f"{day:%d%m}",
        dd=f"{day:%d}",
        mm=f"{day:%m}",
        yy=f"{day:%y}",
        yyyy=f"{day:%Y}",
        item=item_number,
    )


@transaction.atomic
def paper_series_set(*, actor: Actor, body: Body, pattern: str, prefix: str = "") -> PaperSeries:
    """Configure how `body`'s paper references are built."""
    _require_manager(actor, body.pk)
    series = PaperSeries.objects.filter(body=body).first() or PaperSeries(body=body)
    series.pattern = pattern
    series.prefix = prefix
    _save_plain(series, actor=actor, reason="Reference pattern", kind="meetings.paper_series_set")
    return series


@transaction.atomic
def paper_create(
    *,
    actor: Actor,
    owning_body: Body,
    title: str,
    date: datetime.date,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    action: str = PaperAction.FOR_INFORMATION,
    author: Any = None,
    team: str = "SECAS Team",
    summary: str = "",
    reference: str = "",
    classification: Classification = Classification.AMBER,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> Paper:
    """Draft a paper. With an agenda item its reference is allocated from the body's series."""
    if agenda_item is not None:
        if meeting is not None and agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": "That item is on another meeting's agenda."})
        meeting = agenda_item.meeting
        if not reference:
            reference = paper_reference_allocate(meeting=meeting, item_number=agenda_item.number)
    if reference and Paper.objects.unrestricted().filter(reference=reference).exists():
        raise ValidationError({"reference": f"{reference} is already allocated."})
    paper = Paper(
        owning_body=owning_body,
        meeting=meeting,
        agenda_item=agenda_item,
        reference=reference,
        title=title,
        action=action,
        author=author,
        team=team,
        date=date,
        summary=summary,
        classification=classification,
    )
    return classified_create(actor=actor, instance=paper, reason=reason, distribution=distribution)


def _included_levels(paper: Paper) -> list[tuple[Classification, object]]:
    from django.contrib.contenttypes.models import ContentType

    rows = Citation.objects.filter(
        source_type=ContentType.objects.get_for_model(Paper), source_id=paper.pk
    ).values_list("target_type_id", "target_id")
    found: list[tuple[Classification, object]] = []  # (level, verbose name: lazy text)
    for type_id, obj_id in rows:
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not issubclass(model, ClassifiedModel):
            continue
        obj = model._default_manager.unrestricted().filter(pk=obj_id).first()
        if obj is not None:
            found.append((Classification(obj.classification), model._meta.verbose_name))
    return found


def paper_update(*, actor: Actor, paper: Paper, reason: str = "", **changes: Any) -> Paper:
    """Edit a draft or issued paper; a published paper is frozen. Its level may not go below
    anything it includes."""
    _no_status(changes)
    distribution = changes.pop("distribution", None)
    if paper.status == PaperStatus.PUBLISHED:
        raise ValidationError("A published paper cannot be changed; issue a new version.")
    level = changes.get("classification")
    if level is not None:
        for included, what in _included_levels(paper):
            if int(level) < included:
                raise ValidationError(
                    {
                        "classification": f"The paper includes a {included.label} {what}; "
                        f"it cannot be {Classification(int(level)).label}."
                    }
                )
    if changes.get("reference"):
        clash = (
            Paper.objects.unrestricted().filter(reference=changes["reference"]).exclude(pk=paper.pk)
        )
        if clash.exists():
            raise ValidationError({"reference": f"{changes['reference']} is already allocated."})
    return classified_update(
        actor=actor, instance=paper, changes=changes, reason=reason, distribution=distribution
    )


def _has_recommendations(paper: Paper, transition: Transition) -> None:
    if transition.target in (PaperStatus.ISSUED, PaperStatus.PUBLISHED) and (
        not paper.recommendations.exists()
    ):
        raise ValidationError(
            {"status": "Add at least one recommendation before issuing the paper."}
        )


def paper_transition(*, actor: Actor, obj: Paper, name: str, reason: str = "") -> Paper:
    """Issue, publish or withdraw a paper. Publishing needs at least one recommendation."""
    return apply(
        PAPER_TRANSITIONS,
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        guard=_has_recommendations,
    )


@transaction.atomic
def paper_include(*, actor: Actor, paper: Paper, record: ClassifiedModel, note: str = "") -> None:
    """Include (cite) a record in a paper. A paper is never less classified than anything in
    it: a record above the paper's level belongs in an appendix of that level."""
    _require_manager(actor, paper.owning_body_id)
    if record.classification > paper.classification:
        raise ValidationError(
            {
                "classification": f"This {Classification(paper.classification).label} paper "
                f"cannot include a {Classification(record.classification).label} record; "
                "put it in an appendix of that level or raise the paper."
            }
        )
    cite(actor=actor, source=paper, target=record, note=note)


def appendix_add(
    *,
    actor: Actor,
    paper: Paper,
    title: str,
    letter: str = "",
    text: str = "",
    classification: Classification = Classification.RED,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> PaperAppendix:
    """Attach an appendix with its own level (lettered A, B, … unless given)."""
    _require_manager(actor, paper.owning_body_id)  # before saying which letters are taken
    if paper.status == PaperStatus.PUBLISHED:
        raise ValidationError("A published paper cannot be changed.")
    if not letter:
        count = PaperAppendix.objects.unrestricted().filter(paper=paper).count()
        letter = chr(ord("A") + count)
    elif PaperAppendix.objects.unrestricted().filter(paper=paper, letter=letter).exists():
        raise ValidationError({"letter": f"Appendix {letter} already exists."})
    appendix = PaperAppendix(
        paper=paper,
        owning_body_id=paper.owning_body_id,
        letter=letter,
        title=title,
        text=text,
        classification=classification,
    )
    return classified_create(
        actor=actor, instance=appendix, reason=reason, distribution=distribution
    )


@transaction.atomic
def recommendation_add(
    *, actor: Actor, paper: Paper, verb: str, text: str, position: int | None = None
) -> Recommendation:
    """Add a recommendation. A paper For Information only asks the body to NOTE."""
    _require_manager(actor, paper.owning_body_id)
    if paper.status == PaperStatus.PUBLISHED:
        raise ValidationError("A published paper cannot be changed.")
    if paper.action == PaperAction.FOR_INFORMATION and verb != RecommendationVerb.NOTE:
        raise ValidationError({"verb": "A paper For Information can only ask the body to NOTE."})
    if position is None:
        last = paper.recommendations.aggregate(n=Max("position"))["n"]
        position = (last or 0) + 10
    rec = Recommendation(paper=paper, verb=verb, text=text, position=position)
    rec.full_clean()
    rec._history_user = actor
    rec.save()
    record_event(
        kind="meetings.recommendation_added",
        actor=actor,
        subject=paper,
        after={"verb": verb, "text": text},
    )
    return rec


@transaction.atomic
def paper_version_upload(*, actor: Actor, paper: Paper, file: Any, note: str = "") -> PaperVersion:
    """Upload the next file version of a paper (v1, v2…)."""
    _require_manager(actor, paper.owning_body_id)
    if paper.status == PaperStatus.PUBLISHED:
        raise ValidationError({"file": "A published paper cannot be changed."})
    last = paper.versions.aggregate(n=Max("number"))["n"]
    version = PaperVersion(paper=paper, number=(last or 0) + 1, file=file, note=note)
    version.uploaded_by = actor if getattr(actor, "pk", None) else None
    version.full_clean()
    version._history_user = actor
    stored = _store_upload(version)
    try:
        version.save()
        record_event(
            kind="meetings.paper_version_uploaded",
            actor=actor,
            subject=paper,
            after={"number": version.number, "file": version.file.name},
        )
    except BaseException:
        with contextlib.suppress(OSError):
            version.file.storage.delete(stored)  # no bytes without their row
        raise
    return version


def _store_upload(version: PaperVersion) -> str:
    """Write the uploaded bytes to the file store before the row that names them, and return
    the stored name. A store that cannot be written (unwritable, full, gone) is a field error
    that leaves nothing behind: what a failed write left at the name chosen for it is removed,
    and the caller's transaction writes no row, history or audit event."""
    upload = version.file
    field, storage = upload.field, upload.storage
    target = storage.get_available_name(
        field.generate_filename(version, upload.name or "upload"), max_length=field.max_length
    )
    try:
        stored = storage.save(target, upload.file, max_length=field.max_length)
    except OSError as exc:
        # The name was free a moment ago: a file there now is this write's partial output.
        with contextlib.suppress(OSError):
            if storage.exists(target):
                storage.delete(target)
        reason = exc.strerror or type(exc).__name__
        raise ValidationError(
            {"file": f"The file store could not be written ({reason}); nothing was saved."}
        ) from exc
    version.file = stored  # the stored name: saving the row writes no bytes again
    return stored


# --- decisions and actions -----------------------------------------------------------------


def _meeting_checks(owning_body: Body, meeting: Meeting | None, agenda_item: Any) -> None:
    if meeting is not None and meeting.body_id != owning_body.pk:
        raise ValidationError({"meeting": "That meeting belongs to another body."})
    if agenda_item is not None and meeting is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That item is on another meeting's agenda."})


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    owning_body: Body,
    verb: str,
    text: str,
    date: datetime.date | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    classification: int = Classification.AMBER,
    distribution: Iterable[Any] = (),
    cites: Iterable[models.Model] = (),
    for_panel: bool = False,
    reason: str = "",
) -> Decision:
    """Record a decision (by default dated the day of its meeting) and what it is about;
    `for_panel` brings it to the Panel's attention in the monthly paper."""
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    _meeting_checks(owning_body, meeting, agenda_item)
    if date is None:
        if meeting is None:
            raise ValidationError({"date": "Give the date of a decision taken outside a meeting."})
        date = meeting.date
    decision = Decision(
        owning_body=owning_body,
        meeting=meeting,
        agenda_item=agenda_item,
        date=date,
        verb=verb,
        text=text,
        for_panel=for_panel,
        classification=classification,
    )
    decision = classified_create(
        actor=actor, instance=decision, reason=reason, distribution=distribution
    )
    for target in cites:
        cite(actor=actor, source=decision, target=target)
    return decision


def decision_update(
    *, actor: Actor, decision: Decision, reason: str = "", **changes: Any
) -> Decision:
    distribution = changes.pop("distribution", None)
    body = changes.get("owning_body", decision.owning_body)
    _meeting_checks(body, changes.get("meeting", decision.meeting), changes.get("agenda_item"))
    return classified_update(
        actor=actor, instance=decision, changes=changes, reason=reason, distribution=distribution
    )


def decision_raise(
    *, actor: Actor, decision_id: int, level: Classification, reason: str
) -> Decision:
    """Raise a decision to `level` if it sits below (never lower it): another register raised a
    record the decision names (an assessment whose outcome it set). Through
    `core.services.classification_change` (history, `classification.raised`)."""
    decision = Decision.objects.unrestricted().get(pk=decision_id)
    if decision.classification < level:
        decision = classification_change(
            actor=actor, instance=decision, level=Classification(level), reason=reason
        )
    return decision


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    owning_body: Body,
    text: str,
    raised_on: datetime.date | None = None,
    due_date: datetime.date | None = None,
    owner_person: Any = None,
    owner_organisation: Any = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    reference: str = "",
    update: str = "",
    classification: Classification = Classification.AMBER,
    distribution: Iterable[Any] = (),
    cites: Iterable[models.Model] = (),
    for_panel: bool = False,
    reason: str = "",
) -> Action:
    """Raise an action for a person or an organisation, usually in a meeting."""
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    _meeting_checks(owning_body, meeting, agenda_item)
    if raised_on is None:
        raised_on = meeting.date if meeting is not None else timezone.localdate()
    action = Action(
        owning_body=owning_body,
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        raised_on=raised_on,
        due_date=due_date,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        reference=reference,
        update=update,
        for_panel=for_panel,
        classification=classification,
    )
    action = classified_create(
        actor=actor, instance=action, reason=reason, distribution=distribution
    )
    for target in cites:
        cite(actor=actor, source=action, target=target)
    return action


def action_update(*, actor: Actor, action: Action, reason: str = "", **changes: Any) -> Action:
    _no_status(changes)
    distribution = changes.pop("distribution", None)
    body = changes.get("owning_body", action.owning_body)
    _meeting_checks(body, changes.get("meeting", action.meeting), changes.get("agenda_item"))
    return classified_update(
        actor=actor, instance=action, changes=changes, reason=reason, distribution=distribution
    )


def action_transition(
    *,
    actor: Actor,
    obj: Action,
    name: str,
    reason: str = "",
    update: str = "",
    on: datetime.date | None = None,
) -> Action:
    """Close, cancel or reopen an action (closing records the day, by default today, and an
    optional update; reopening clears the day)."""
    extra: dict[str, Any] = {} if name == "close" else {"closed_on": None}
    if update:
        extra["update"] = update
    return apply(
        ACTION_TRANSITIONS, actor=actor, obj=obj, name=name, reason=reason, on=on, extra=extra
    )


def available_transitions(user: Reader, obj: Any) -> list[tuple[str, Transition]]:
    """The steps `user` may take on `obj` now (drives the buttons)."""
    machines: dict[type, StateMachine] = {
        Meeting: MEETING_TRANSITIONS,
        Minutes: MINUTES_TRANSITIONS,
        Paper: PAPER_TRANSITIONS,
        Action: ACTION_TRANSITIONS,
    }
    machine = machines.get(type(obj))
    body_id = obj.body_id if isinstance(obj, Meeting) else obj.owning_body_id
    if machine is None or not can_manage_body(user, body_id):
        return []
    return available(machine, obj)


# --- highlights ----------------------------------------------------------------------------


def highlight_create(
    *,
    actor: Actor,
    owning_body: Body,
    heading: str,
    text: str,
    period: datetime.date,
    classification: Classification = Classification.AMBER,
    position: int = 10,
    meeting: Meeting | None = None,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> Highlight:
    if meeting is not None and meeting.body_id != owning_body.pk:
        raise ValidationError({"meeting": "That meeting belongs to another body."})
    highlight = Highlight(
        owning_body=owning_body,
        heading=heading,
        text=text,
        period=period.replace(day=1),
        classification=classification,
        position=position,
        meeting=meeting,
    )
    return classified_create(
        actor=actor, instance=highlight, reason=reason, distribution=distribution
    )


def highlight_update(
    *,
    actor: Actor,
    highlight: Highlight,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> Highlight:
    if changes.get("period"):
        changes["period"] = changes["period"].replace(day=1)
    return classified_update(
        actor=actor,
        instance=highlight,
        changes=changes,
        reason=reason,
        distribution=distribution,
    )
