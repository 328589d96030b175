"""A body's meetings: planned with an agenda, then held, with what a held meeting settles of
the body's earlier business (actions whose day has come are closed or cancelled, draft minutes
of earlier meetings approved) before its own business is written."""

from __future__ import annotations

import re

from secpanel.core.classification import Classification
from secpanel.generator import business as plans
from secpanel.generator import calendar
from secpanel.generator.context import Run, at
from secpanel.generator.stored import stored
from secpanel.generator.writers import REASON
from secpanel.meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from secpanel.meetings.services import (
    action_transition,
    agenda_item_add,
    meeting_create,
    meeting_transition,
    minutes_transition,
)

LOCATIONS = {
    "panel": "Gemserv, 8 Fenchurch Place, London",
    "change-board": "Online",
}
DEFAULT_LOCATION = "SECAS offices, London"
_REFERENCE = re.compile(r"^[A-Z]+ \d{6}/\d{2,}$")


def find(run: Run, slot: calendar.Slot) -> Meeting | None:
    """The body's meeting on the slot's day, if there is one (written before, or by hand)."""
    return (
        Meeting.objects.filter(body=run.bodies[slot.body], starts_at__date=slot.day)
        .order_by("starts_at", "id")
        .first()
    )


def schedule(
    run: Run, slot: calendar.Slot, *, with_agenda: bool
) -> tuple[Meeting, list[AgendaItem]]:
    """Schedule the meeting (the body's standing items first), with its planned agenda or
    (a meeting held at once) without: its registers' items come first, then the plan's."""
    body = run.bodies[slot.body]
    meeting = meeting_create(
        actor=run.actor,
        body=body,
        number=calendar.panel_number(slot.month) if slot.body == "panel" else None,
        starts_at=at(slot.day, slot.hour),
        ends_at=at(slot.day, slot.hour + 3),
        location=LOCATIONS.get(slot.body, DEFAULT_LOCATION),
        online=slot.body != "change-board",
        reason=REASON,
    )
    items = run.writer.agenda(run, meeting, plans.agenda(run, slot)) if with_agenda else []
    if with_agenda:
        run.counts["meetings scheduled"] += 1
    return meeting, items


def hold(run: Run, meeting: Meeting) -> Meeting:
    return meeting_transition(actor=run.actor, obj=meeting, name="hold", reason=REASON)


def add_item(
    run: Run, meeting: Meeting, title: str, level: Classification = Classification.WHITE
) -> AgendaItem:
    """An agenda item a register's business brings to the meeting."""
    return agenda_item_add(
        actor=run.actor,
        meeting=meeting,
        title=title,
        action="decision",
        classification=level,
        distribution=run.red_distribution() if level == Classification.RED else [],
        reason=REASON,
    )


def settle_earlier_business(run: Run, meeting: Meeting) -> None:
    """Close or cancel the body's actions whose day has come, and approve the draft minutes
    of its earlier meetings, at this meeting."""
    day, body = meeting.date, run.body_of(meeting.body_id)
    for action in (
        stored(Action)
        .filter(owning_body=body, status=ActionStatus.OPEN, raised_on__lt=day)
        .order_by("raised_on", "id")
    ):
        if _REFERENCE.match(action.reference) and action.reference.startswith(
            plans.PREFIX[body.code] + " "
        ):
            fate = plans.action_fate(
                run, body.code, action.reference, action.due_date or action.raised_on
            )
            if fate.on is None or fate.on > day:
                continue
            name, on, update = (
                ("close" if fate.status == "closed" else "cancel"),
                fate.on,
                fate.update,
            )
        else:  # raised before the generated history (the seed's): settled at this meeting
            name, on, update = "close", day, "Closed at a later meeting."
        action_transition(
            actor=run.actor, obj=action, name=name, update=update, on=on, reason=REASON
        )
        run.counts[f"actions {'closed' if name == 'close' else 'cancelled'}"] += 1
    for minutes in (
        stored(Minutes)
        .filter(meeting__body=body, status=MinutesStatus.DRAFT, meeting__starts_at__date__lt=day)
        .order_by("meeting__starts_at", "id")
    ):
        minutes_transition(actor=run.actor, obj=minutes, name="approve", reason="Approved", on=day)
        run.counts["minutes approved"] += 1


def hold_stale(run: Run) -> None:
    """Meetings still planned on a day before the history starts (the seed month's) were held:
    mark them so (their business is the seed's)."""
    for meeting in Meeting.objects.filter(
        body__in=run.bodies.values(),
        status=MeetingStatus.PLANNED,
        starts_at__lt=at(run.options.start, 0),
    ).order_by("starts_at", "id"):
        hold(run, meeting)
        run.counts["earlier planned meetings marked held"] += 1
