"""Writes of the modifications register: each is atomic, validated, audited and history-kept.

Stage, target release, implementation date and hold change only here, and every such change
is also a `ModificationEvent` with its reason and the meeting or decision behind it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body, BodyKind
from secpanel.core.classification import Classification
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.services import (
    classified_create,
    classified_update,
    plain_save,
    record_event,
    require_attachable,
    snapshot,
)
from secpanel.core.workflow import apply
from secpanel.meetings.models import Decision, Meeting
from secpanel.modifications.models import (
    EventKind,
    Modification,
    ModificationAdvice,
    ModificationEvent,
    ModificationStage,
    Release,
    default_public_url,
)
from secpanel.modifications.workflow import TRANSITIONS

TRACKED_FIELDS = {"stage", "on_hold", "target_release", "implementation_date"}
_UNSET: Any = object()


def _fmt_date(value: datetime.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _require_manager(actor: Actor, modification: Modification) -> None:
    if not can_manage_body(actor, modification.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can change this record.")


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why: the reason is kept with the change."})


def _check_links(
    actor: Actor, meeting: Meeting | None, decision: Decision | None
) -> Meeting | None:
    """The decision must be one of a body the actor runs; its meeting is used when none is
    given."""
    if decision is not None:
        require_attachable(actor, Decision, decision.pk, "decision")
        if meeting is None:
            meeting = decision.meeting
    return meeting


def _event(
    *,
    actor: Actor,
    modification: Modification,
    kind: str,
    from_value: str = "",
    to_value: str = "",
    date: datetime.date | None = None,
    reason: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ModificationEvent:
    event = ModificationEvent(
        modification=modification,
        kind=kind,
        from_value=from_value,
        to_value=to_value,
        date=date or timezone.localdate(),
        reason=reason,
        meeting=meeting,
        decision=decision,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def modification_create(
    *,
    actor: Actor,
    owning_body: Body,
    reference: str,
    title: str,
    classification: Classification = Classification.WHITE,
    stage: ModificationStage = ModificationStage.DRAFT_PROPOSAL,
    date_raised: datetime.date | None = None,
    target_release: Release | None = None,
    implementation_date: datetime.date | None = None,
    distribution: Iterable[Any] = (),
    reason: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    date: datetime.date | None = None,
    **fields: Any,
) -> Modification:
    """Register a modification. `stage` is its stage when registered (a new proposal is a
    Draft Proposal; an older one may be registered where it stands); it is recorded as the
    'raised' event dated `date` (default: `date_raised`, else today)."""
    reference = (reference or "").strip().upper()
    slug = fields.pop("slug", "") or slugify(title)[:200]
    public_url = fields.pop("public_url", "") or default_public_url(slug)
    modification = Modification(
        owning_body=owning_body,
        reference=reference,
        title=title,
        slug=slug,
        public_url=public_url,
        classification=classification,
        stage=stage,
        date_raised=date_raised,
        target_release=target_release,
        implementation_date=implementation_date,
        **fields,
    )
    meeting = _check_links(actor, meeting, decision)
    date = date or date_raised
    classified_create(
        actor=actor, instance=modification, reason=reason or "Raised", distribution=distribution
    )
    _event(
        actor=actor,
        modification=modification,
        kind=EventKind.RAISED,
        to_value=ModificationStage(stage).label,
        date=date,
        reason=reason,
        meeting=meeting,
        decision=decision,
    )
    if target_release is not None:
        _event(
            actor=actor,
            modification=modification,
            kind=EventKind.RELEASE,
            to_value=target_release.name,
            date=date,
            reason=reason,
        )
    if implementation_date is not None:
        _event(
            actor=actor,
            modification=modification,
            kind=EventKind.IMPLEMENTATION_DATE,
            to_value=_fmt_date(implementation_date),
            date=date,
            reason=reason,
        )
    return modification


def modification_update(
    *,
    actor: Actor,
    modification: Modification,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> Modification:
    """Edit the descriptive fields. Stage, hold, release and implementation date have their
    own services (they keep an event with a reason)."""
    tracked = TRACKED_FIELDS & set(changes)
    if tracked:
        raise ValidationError(
            {
                name: "Change this through its own action, which records why."
                for name in sorted(tracked)
            }
        )
    if "reference" in changes:
        changes["reference"] = (changes["reference"] or "").strip().upper()
    return classified_update(
        actor=actor,
        instance=modification,
        changes=changes,
        reason=reason,
        distribution=distribution,
    )


@transaction.atomic
def modification_transition(
    *,
    actor: Actor,
    obj: Modification,
    name: str,
    reason: str,
    date: datetime.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> Modification:
    """Move a modification along the stage machine (`workflow.TRANSITIONS[name]`).

    Refused with a `ValidationError` on `stage` that says why when the move is not allowed
    from the current stage, for this path, or while on hold. Recorded as history (with the
    reason), an audit event `modifications.modification_<name>` and a `ModificationEvent`.
    """
    links: dict[str, Any] = {}

    def reason_and_links(current: Modification, transition: Any) -> None:
        _require_reason(reason)
        links["meeting"] = _check_links(actor, meeting, decision)
        links["old"] = ModificationStage(current.stage)

    apply(TRANSITIONS, actor=actor, obj=obj, name=name, reason=reason, guard=reason_and_links)
    old, new = links["old"], ModificationStage(obj.stage)
    meeting = links["meeting"]
    _event(
        actor=actor,
        modification=obj,
        kind=EventKind.STAGE,
        from_value=old.label,
        to_value=new.label,
        date=date,
        reason=reason,
        meeting=meeting,
        decision=decision,
    )
    obj.refresh_from_db()
    return obj


def _require_after_the_decision(
    implementation_date: datetime.date,
    date: datetime.date | None,
    meeting: Meeting | None,
    decision: Decision | None,
) -> None:
    """An implementation date comes after the decision (or meeting, or day) that set it: a
    date already past when it was agreed is a typing mistake, and the timeline is public."""
    agreed = [
        (decision.date, "the decision that set it") if decision is not None else None,
        (meeting.date, "the meeting that agreed it") if meeting is not None else None,
        (date, "the day it was agreed") if date is not None else None,
    ]
    for day, what in filter(None, agreed):
        if implementation_date < day:
            raise ValidationError(
                {
                    "implementation_date": f"The implementation date comes after {what} "
                    f"({day:%-d %B %Y})."
                }
            )


@transaction.atomic
def modification_reschedule(
    *,
    actor: Actor,
    modification: Modification,
    reason: str,
    target_release: Release | None = _UNSET,
    implementation_date: datetime.date | None = _UNSET,
    date: datetime.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> Modification:
    """Change the target release and/or the implementation date (pass only what changes;
    None clears). Each change is an event with the reason and the meeting or decision that
    agreed it, e.g. SECMP0055 moved to 7 November 2019 by TABASC in April 2019."""
    current = Modification.objects.unrestricted().select_for_update().get(pk=modification.pk)
    _require_manager(actor, current)
    _require_reason(reason)
    meeting = _check_links(actor, meeting, decision)
    changes: dict[str, Any] = {}
    events: list[tuple[str, str, str]] = []
    if target_release is not _UNSET and target_release != current.target_release:
        changes["target_release"] = target_release
        events.append(
            (
                EventKind.RELEASE,
                current.target_release.name if current.target_release else "",
                target_release.name if target_release else "",
            )
        )
    if implementation_date is not _UNSET and implementation_date != current.implementation_date:
        if implementation_date is not None:
            _require_after_the_decision(implementation_date, date, meeting, decision)
        changes["implementation_date"] = implementation_date
        events.append(
            (
                EventKind.IMPLEMENTATION_DATE,
                _fmt_date(current.implementation_date),
                _fmt_date(implementation_date),
            )
        )
    if not changes:
        raise ValidationError(
            {"implementation_date": "Nothing changed: give a new release or date."}
        )
    before = snapshot(current)
    classified_update(actor=actor, instance=current, changes=changes, reason=reason)
    record_event(
        kind="modifications.modification_rescheduled",
        actor=actor,
        subject=modification,
        reason=reason,
        before={k: before[f"{k}_id" if k == "target_release" else k] for k in changes},
        after={
            k: (v.pk if isinstance(v, Release) else v.isoformat() if v else None)
            for k, v in changes.items()
        },
    )
    for kind, old, new in events:
        _event(
            actor=actor,
            modification=modification,
            kind=kind,
            from_value=old,
            to_value=new,
            date=date,
            reason=reason,
            meeting=meeting,
            decision=decision,
        )
    modification.refresh_from_db()
    return modification


@transaction.atomic
def modification_set_on_hold(
    *,
    actor: Actor,
    modification: Modification,
    on_hold: bool,
    reason: str,
    date: datetime.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> Modification:
    """Put a modification on hold or take it off hold; its stage does not change."""
    current = Modification.objects.unrestricted().select_for_update().get(pk=modification.pk)
    _require_manager(actor, current)
    if current.on_hold == on_hold:
        state = "already on hold" if on_hold else "not on hold"
        raise ValidationError({"on_hold": f"{current.reference} is {state}."})
    if on_hold and current.is_closed:
        raise ValidationError(
            {
                "on_hold": f"{current.reference} is {current.get_stage_display()}: "
                "a closed modification cannot be put on hold."
            }
        )
    _require_reason(reason)
    meeting = _check_links(actor, meeting, decision)
    classified_update(actor=actor, instance=current, changes={"on_hold": on_hold}, reason=reason)
    record_event(
        kind="modifications.modification_" + ("held" if on_hold else "resumed"),
        actor=actor,
        subject=modification,
        reason=reason,
    )
    _event(
        actor=actor,
        modification=modification,
        kind=EventKind.ON_HOLD,
        from_value="" if on_hold else "On hold",
        to_value="On hold" if on_hold else "Resumed",
        date=date,
        reason=reason,
        meeting=meeting,
        decision=decision,
    )
    modification.refresh_from_db()
    return modification


@transaction.atomic
def modification_record_milestone(
    *,
    actor: Actor,
    modification: Modification,
    label: str,
    date: datetime.date | None = None,
    reason: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ModificationEvent:
    """Add a dated milestone to the timeline ("DCC Preliminary Assessment requested",
    "Refinement Consultation issued")."""
    _require_manager(actor, modification)
    if not (label or "").strip():
        raise ValidationError({"label": "Say what happened."})
    meeting = _check_links(actor, meeting, decision)
    event = _event(
        actor=actor,
        modification=modification,
        kind=EventKind.MILESTONE,
        to_value=label.strip(),
        date=date,
        reason=reason,
        meeting=meeting,
        decision=decision,
    )
    record_event(
        kind="modifications.milestone_recorded",
        actor=actor,
        subject=modification,
        reason=reason,
        after={"label": event.to_value, "date": event.date.isoformat()},
    )
    return event


# --- withdrawing a mistaken timeline entry (decisions/0022) --------------------------------

#: The kinds of entry that set each tracked field: an entry is undone by the previous entry in
#: force of the same chain ("raised" is where the stage chain starts).
_CHAINS: dict[str, tuple[str, tuple[str, ...]]] = {
    EventKind.STAGE: ("stage", (EventKind.RAISED, EventKind.STAGE)),
    EventKind.RELEASE: ("target_release", (EventKind.RELEASE,)),
    EventKind.IMPLEMENTATION_DATE: ("implementation_date", (EventKind.IMPLEMENTATION_DATE,)),
    EventKind.ON_HOLD: ("on_hold", (EventKind.ON_HOLD,)),
}
_FIELD_NAMES = {
    "stage": "stage",
    "target_release": "target release",
    "implementation_date": "implementation date",
    "on_hold": "hold",
}


class _Unreadable(Exception):
    """A timeline value that names nothing the modification can hold any more."""


def _value_of(field: str, text: str) -> Any:
    """The field's value an entry's words stand for (the inverse of what `_event` wrote)."""
    if field == "stage":
        for stage in ModificationStage:
            if stage.label == text:
                return stage.value
        raise _Unreadable(text)
    if field == "target_release":
        if not text:
            return None
        release = Release.objects.filter(name=text).first()
        if release is None:
            raise _Unreadable(text)
        return release
    if field == "implementation_date":
        if not text:
            return None
        try:
            return datetime.datetime.strptime(text, "%d %B %Y").date()
        except ValueError as exc:
            raise _Unreadable(text) from exc
    return text == "On hold"  # on_hold: "On hold" / "Resumed" / "" (never held)


def _shown(field: str, value: Any) -> str:
    if field == "stage":
        return str(ModificationStage(value).label)
    if field == "implementation_date":
        return _fmt_date(value) or "none"
    if field == "on_hold":
        return "on hold" if value else "not on hold"
    return str(value) if value is not None else "none"


@dataclass(frozen=True)
class Withdrawal:
    """What withdrawing an entry does: the fields it restores (and how the page says so), or
    why it is refused."""

    changes: dict[str, Any] = field(default_factory=dict)
    says: str = ""
    refusal: str = ""


def withdrawal_of(modification: Modification, event: ModificationEvent) -> Withdrawal:
    """What withdrawing `event` would do to `modification` as it stands (the confirmation page
    shows it; the service applies it on the locked rows).

    Only the latest entry in force of its kind can be withdrawn with its effect: the field it
    set returns to what the previous entry in force said (no previous entry: the value the
    entry replaced). An entry with a later one of its kind after it, an entry whose field has
    changed since, and the entry that registered the modification are refused, saying why."""
    if event.withdrawn_at is not None:
        return Withdrawal(
            refusal=f"This entry was already withdrawn on {event.withdrawn_at:%-d %B %Y}."
        )
    if event.kind == EventKind.RAISED:
        return Withdrawal(
            refusal=f"The entry that registered {modification.reference} cannot be withdrawn: "
            "correct its details with Edit, or move it to Withdrawn if the proposal was withdrawn."
        )
    if event.kind not in _CHAINS:  # a milestone sets nothing
        return Withdrawal(
            says="Only this entry is withdrawn: the stage, release and dates stay as they are."
        )
    name, kinds = _CHAINS[event.kind]
    chain = modification.events.in_force().filter(kind__in=kinds).order_by("id")
    later = chain.filter(pk__gt=event.pk).last()
    if later is not None:
        return Withdrawal(
            refusal=f"A later entry of its kind builds on this one (“{later.summary}”, "
            f"{later.date:%-d %B %Y}): withdraw that one first."
        )
    previous = chain.filter(pk__lt=event.pk).last()
    what = _FIELD_NAMES[name]
    try:
        set_to = _value_of(name, event.to_value)
        restored = _value_of(name, previous.to_value if previous else event.from_value)
    except _Unreadable as exc:
        return Withdrawal(
            refusal=f"The {what} “{exc}” is no longer one {modification.reference} can hold: "
            "this entry cannot be undone safely."
        )
    now = getattr(modification, name)
    if now != set_to:
        return Withdrawal(
            refusal=f"The {what} of {modification.reference} is now {_shown(name, now)}, not "
            f"{_shown(name, set_to)} as this entry set it: it has changed since, so the entry "
            "cannot be undone safely."
        )
    return Withdrawal(
        changes={name: restored},
        says=f"The {what} of {modification.reference} returns to {_shown(name, restored)}"
        + (f", as the entry of {previous.date:%-d %B %Y} said." if previous else "."),
    )


@transaction.atomic
def modification_event_withdraw(
    *, actor: Actor, event: ModificationEvent, reason: str
) -> ModificationEvent:
    """Withdraw a mistaken timeline entry: nothing is deleted. The entry is marked withdrawn
    (who, when, why; a history row), the field it set returns to what the previous entry in
    force said (`withdrawal_of`, through `classified_update`: the modification's history), and
    one audit event `modifications.timeline_entry_withdrawn` names the entry, in one
    transaction. The owning body's secretariat only; the reason is mandatory (it is shown on the
    timeline to everyone who may read the modification)."""
    current = Modification.objects.unrestricted().select_for_update().get(pk=event.modification_id)
    _require_manager(actor, current)
    _require_reason(reason)
    locked = ModificationEvent.objects.select_for_update().get(pk=event.pk)
    withdrawal = withdrawal_of(current, locked)
    if withdrawal.refusal:
        raise ValidationError(withdrawal.refusal)
    reason = reason.strip()
    before = snapshot(current)
    if withdrawal.changes:
        classified_update(
            actor=actor,
            instance=current,
            changes=withdrawal.changes,
            reason=f"Timeline entry withdrawn: {reason}",
        )
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.withdrawal_reason = reason
    locked._history_user = actor
    locked._change_reason = reason
    locked.full_clean()
    locked.save()
    record_event(
        kind="modifications.timeline_entry_withdrawn",
        actor=actor,
        subject=current,
        reason=reason,
        before={
            "entry": locked.pk,
            "summary": locked.summary,
            "date": locked.date.isoformat(),
            **{k: before[f"{k}_id" if k == "target_release" else k] for k in withdrawal.changes},
        },
        after={
            k: (
                v.pk
                if isinstance(v, Release)
                else v.isoformat()
                if isinstance(v, datetime.date)
                else v
            )
            for k, v in withdrawal.changes.items()
        },
    )
    event.refresh_from_db()
    return event


def _require_release_manager(actor: Actor) -> None:
    """SEC releases are the Panel's: its secretariat records them and moves their dates."""
    panel = Body.objects.filter(kind=BodyKind.PANEL).values_list("pk", flat=True).first()
    if panel is None or panel not in managed_body_ids(actor):
        raise PermissionDenied("Only the Panel's secretariat can change releases.")


@transaction.atomic
def release_create(
    *,
    actor: Actor,
    name: str,
    planned_date: datetime.date | None = None,
    reason: str = "",
    **fields: Any,
) -> Release:
    """Create a release ("November 2019 SEC Release"). Releases are public records."""
    _require_release_manager(actor)
    release = Release(
        name=name, slug=fields.pop("slug", "") or slugify(name), planned_date=planned_date
    )
    for key, value in fields.items():
        setattr(release, key, value)
    plain_save(actor=actor, instance=release, reason=reason or "Created")
    return release


@transaction.atomic
def release_update(*, actor: Actor, release: Release, reason: str = "", **changes: Any) -> Release:
    """Change a release; moving its date needs a reason (kept in history)."""
    _require_release_manager(actor)
    current = Release.objects.select_for_update().get(pk=release.pk)
    moved = any(
        k in changes and changes[k] != getattr(current, k) for k in ("planned_date", "actual_date")
    )
    if moved and current.planned_date is not None:
        _require_reason(reason)
    for key, value in changes.items():
        setattr(release, key, value)
    plain_save(actor=actor, instance=release, reason=reason or "Updated")
    return release


@transaction.atomic
def advice_record(
    *,
    actor: Actor,
    owning_body: Body,
    modification: Modification,
    kind: str,
    date: datetime.date | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
    new_date: datetime.date | None = None,
    text: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> ModificationAdvice:
    """Record what `owning_body` advised on `modification` (by default dated the day of its
    meeting or decision). The advising body's secretariat records it; the modification need
    only be readable (`cited_links`)."""
    if meeting is not None and meeting.body_id != owning_body.pk:
        raise ValidationError({"meeting": "That meeting belongs to another body."})
    if decision is not None and decision.owning_body_id != owning_body.pk:
        raise ValidationError({"decision": "That decision belongs to another body."})
    if date is None:
        source = decision or meeting
        if source is None:
            raise ValidationError({"date": "Give the date of advice given outside a meeting."})
        date = source.date
    advice = ModificationAdvice(
        owning_body=owning_body,
        modification=modification,
        kind=kind,
        date=date,
        meeting=meeting,
        decision=decision,
        new_date=new_date,
        text=text,
        classification=classification,
    )
    return classified_create(actor=actor, instance=advice, reason=reason, distribution=distribution)


def advice_update(
    *, actor: Actor, advice: ModificationAdvice, reason: str = "", **changes: Any
) -> ModificationAdvice:
    distribution = changes.pop("distribution", None)
    return classified_update(
        actor=actor, instance=advice, changes=changes, reason=reason, distribution=distribution
    )
