"""What one meeting holds, drawn from random streams of its own (pure: nothing is written here).

`agenda(run, slot)` is the agenda a meeting is planned with; `business(run, slot)` what it
decided and recorded once held: decisions, actions (each with its fate: closed, cancelled or
still open, decided by the action's reference alone), attendance, minutes and, at a body's last
meeting of the month, the highlights it brings to the Panel for that month. The writers
(`writers.py`) put a plan into the database, through the services or in bulk.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from secpanel.accounts.models import Organisation, User
from secpanel.core.classification import Classification
from secpanel.generator import calendar, words
from secpanel.generator.context import Run
from secpanel.meetings.models import PaperAction

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED
LEVELS = (W, G, A, R)
#: How levels are drawn: mostly WHITE, a few RED.
RECORD_WEIGHTS = (70, 10, 15, 5)
HIGHLIGHT_WEIGHTS = (55, 20, 20, 5)

PREFIX = {
    "panel": "PANEL",
    "ops-group": "OPS",
    "ssc": "SSC",
    "smki-pma": "PMA",
    "tabasc": "TABASC",
    "tag": "TAG",
    "change-board": "CB",
    "change-sub-committee": "CSC",
}
#: Bodies whose highlights the Panel paper reports (the demo's report configuration).
REPORTING = ("ops-group", "ssc", "smki-pma", "tabasc", "tag")
#: Highlights a body writes in a month: a choice from these counts.
HIGHLIGHTS = {body: (2, 3, 3, 4) for body in REPORTING} | {
    "change-board": (0, 1),
    "change-sub-committee": (0, 1),
    "panel": (0,),
}

T = TypeVar("T")


@dataclass(frozen=True)
class ItemPlan:
    title: str
    level: Classification
    action: str = ""


@dataclass(frozen=True)
class DecisionPlan:
    verb: str
    text: str
    level: Classification
    for_panel: bool
    item: int | None  # index into the meeting's agenda plan


@dataclass(frozen=True)
class Fate:
    """What becomes of an action: closed or cancelled on a day, or still open."""

    status: str  # "closed" or "cancelled"
    on: datetime.date | None = None
    update: str = ""


@dataclass(frozen=True)
class ActionPlan:
    reference: str
    text: str
    level: Classification
    person: User | None
    organisation: Organisation | None
    due: datetime.date
    for_panel: bool
    fate: Fate


@dataclass(frozen=True)
class AttendancePlan:
    person: User
    role: str
    status: str


@dataclass(frozen=True)
class HighlightPlan:
    heading: str
    text: str
    level: Classification
    position: int


@dataclass
class Business:
    """Everything a held meeting recorded (besides what its registers did)."""

    decisions: list[DecisionPlan] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    attendance: list[AttendancePlan] = field(default_factory=list)
    minutes: str = ""
    minutes_approved_on: datetime.date | None = None  # the body's next meeting
    highlights: list[HighlightPlan] = field(default_factory=list)
    period: datetime.date | None = None


def pick(rng: random.Random, bank: Sequence[T], k: int) -> list[T]:
    """`k` entries of `bank`: distinct while it lasts, then repeated."""
    if not bank or k <= 0:
        return []
    chosen = rng.sample(list(bank), min(k, len(bank)))
    while len(chosen) < k:
        chosen.append(rng.choice(bank))
    return chosen


def level(rng: random.Random, weights: tuple[int, ...] = RECORD_WEIGHTS) -> Classification:
    return rng.choices(LEVELS, weights=weights)[0]


def agenda(run: Run, slot: calendar.Slot) -> list[ItemPlan]:
    """The items a meeting is planned with (after the body's standing items). A meeting after
    `--until` has the demo's density whatever the scale (the scale is of the history)."""
    rng = run.rng(slot.body, slot.day, "agenda")
    base = rng.choice((2, 3, 3, 4))
    count = run.count(base) if slot.day <= run.until else base
    items = [
        ItemPlan(
            run.text(title, slot.day),
            W,
            rng.choice((PaperAction.FOR_INFORMATION, PaperAction.FOR_DISCUSSION, "")),
        )
        for title in pick(rng, words.AGENDA[slot.body], count)
    ]
    confidential = words.AGENDA_CONFIDENTIAL.get(slot.body, [])
    if confidential and rng.random() < 0.4:
        title, lvl = rng.choice(confidential)
        items.append(ItemPlan(title, lvl, PaperAction.FOR_DISCUSSION))
    return items


def action_fate(run: Run, body: str, reference: str, due: datetime.date) -> Fate:
    """Closed at the body's first meeting on or after the due date (mostly), a meeting late,
    months late, or cancelled: decided by the reference alone, so any run agrees."""
    rng = run.rng("action", reference)
    roll = rng.random()
    first = run.next_meeting_day(body, due - datetime.timedelta(days=1))
    if roll < 0.80:
        return Fate("closed", first, rng.choice(CLOSED_UPDATES))
    if roll < 0.90:
        return Fate("closed", run.next_meeting_day(body, first), "Closed late: " + LATE_UPDATE)
    if roll < 0.96:
        return Fate("cancelled", first, "No longer needed.")
    # long-running: open (and overdue) for some months, then closed
    later = calendar.add_months(due, rng.randint(3, 8))
    return Fate("closed", run.next_meeting_day(body, later), "Closed after a long delay.")


CLOSED_UPDATES = (
    "Completed and reported at the meeting.",
    "Done; circulated to members.",
    "Presented at the meeting; no further action.",
)
LATE_UPDATE = "completed after the due date."


def business(run: Run, slot: calendar.Slot, items: Sequence[ItemPlan]) -> Business:
    """What a held meeting recorded; `items` is its agenda plan (decisions name its items)."""
    rng = run.rng(slot.body, slot.day, "business")
    plan = Business()
    body = slot.body
    reporting = body not in ("panel",)
    for _ in range(run.count(rng.choice((1, 1, 2, 2, 3)))):
        lvl = level(rng)
        confidential = words.CONFIDENTIAL_DECISIONS.get(body, [])
        said = rng.choice(confidential if lvl >= A and confidential else words.DECISIONS[body])
        matching = [i for i, item in enumerate(items) if item.level <= lvl]
        plan.decisions.append(
            DecisionPlan(
                verb=said.verb,
                text=run.text(said.text, slot.day),
                level=lvl,
                for_panel=reporting and lvl == W and rng.random() < 0.2,
                item=rng.choice(matching) if matching and rng.random() < 0.7 else None,
            )
        )
    due_default = run.next_meeting_day(body, slot.day)
    seats = [m for m in run.members.get(body, []) if m.role != "secretariat"]
    for number in range(1, run.count(rng.choice((1, 1, 2, 2))) + 1):
        lvl = level(rng)
        reference = f"{PREFIX[body]} {slot.day:%y%m%d}/{number:02d}"
        to_panel = words.PANEL_ACTIONS.get(body, [])
        for_panel = lvl == W and bool(to_panel) and rng.random() < 0.08
        if for_panel:
            text = run.text(rng.choice(to_panel), slot.day)
            text = text[:1].upper() + text[1:] + "."
            said = words.Said(text, owner="secas")
        else:
            said = rng.choice(words.ACTIONS[body])
            text = run.text(said.text, slot.day)
        person = rng.choice(seats).user if said.owner == "member" and seats else None
        org = None if person is not None else run.org("DCC" if said.owner == "dcc" else "SECAS")
        due = due_default + datetime.timedelta(days=rng.choice((0, 0, 7, 28)))
        plan.actions.append(
            ActionPlan(
                reference=reference,
                text=text,
                level=lvl,
                person=person,
                organisation=org,
                due=due,
                for_panel=for_panel,
                fate=action_fate(run, body, reference, due),
            )
        )
    for seat in seats:
        status = "present" if rng.random() < 0.9 else "apologies"
        role = seat.role if seat.role in ("chair", "member", "alternate", "observer") else "member"
        plan.attendance.append(AttendancePlan(seat.user, role, status))
    secretariat = [m.user for m in run.members.get(body, []) if m.role == "secretariat"]
    clerk = next((u for u in secretariat if u.username != run.actor.username), run.actor)
    plan.attendance.append(AttendancePlan(clerk, "secretariat", "present"))
    short = run.bodies[body].short_name
    plan.minutes = f"Minutes of the {short} meeting of {slot.day.day} {slot.day:%B %Y}."
    plan.minutes_approved_on = due_default
    if last_of_month(run, slot):
        plan.period = slot.month
        plan.highlights = highlights(run, slot, rng)
    return plan


def last_of_month(run: Run, slot: calendar.Slot) -> bool:
    mine = [s for s in calendar.slots_in(slot.month, run.holidays) if s.body == slot.body]
    return bool(mine) and mine[-1].day == slot.day


def highlights(run: Run, slot: calendar.Slot, rng: random.Random) -> list[HighlightPlan]:
    topics = words.TOPICS.get(slot.body, {})
    count = run.count(rng.choice(HIGHLIGHTS.get(slot.body, (0,))))
    found: list[HighlightPlan] = []
    used: set[str] = set()
    for n in range(count):
        lvl = W if n == 0 else level(rng, HIGHLIGHT_WEIGHTS)
        bank = topics.get(lvl) or topics.get(W) or []
        if not bank:
            break
        fresh = [t for t in bank if t.heading not in used]
        if not fresh and run.density <= 1:
            continue  # one highlight per topic a month (a benchmark's scale repeats them)
        topic = rng.choice(fresh or bank)
        used.add(topic.heading)
        if not topics.get(lvl):
            lvl = W
        values = {"n": rng.randint(1, 4)}
        found.append(
            HighlightPlan(
                heading=run.text(topic.heading, slot.day, **values),
                text=run.text(topic.text, slot.day, **values),
                level=lvl,
                position=10 * (n + 1),
            )
        )
    return found
