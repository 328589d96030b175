"""Two ways to put a meeting's plan (`business.py`) into the database.

`ServiceWriter` (the demo's scale): every record through its app's services as the
secretariat, so each has its history row (actor, reason) and its typed audit event, and every
model rule runs (`full_clean`); actions are closed and minutes approved later, at the meeting
where that happens, through their transitions.

`BulkWriter` (`--scale N` above 50,000, for benchmarks): records are built in their final state
(an action closed on the day its fate says, if that day is not after `--until`; minutes
approved at the body's next meeting, likewise), a sample is checked with `full_clean`, and
they are written with `bulk_create` in batches, with their history rows through
simple-history's `bulk_create_with_history`. One audit event records the whole bulk write.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import models, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.generator.business import Business, ItemPlan
from secpanel.generator.context import Run
from secpanel.generator.stored import stored
from secpanel.meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    Minutes,
    MinutesStatus,
)
from secpanel.meetings.services import (
    action_create,
    agenda_item_add,
    attendance_record,
    decision_record,
    highlight_create,
    minutes_save,
)
from secpanel.search.services import index_many

REASON = "Generated history"
RED = Classification.RED


class Writer(Protocol):
    def agenda(self, run: Run, meeting: Meeting, items: Sequence[ItemPlan]) -> list[AgendaItem]: ...

    def business(
        self, run: Run, meeting: Meeting, items: Sequence[AgendaItem], plan: Business
    ) -> None: ...

    def flush(self, run: Run) -> None: ...


def _distribution(run: Run, level: int) -> list[Any]:
    return run.red_distribution() if level == RED else []


def planned_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items that are not standing items, in order (its agenda plan)."""
    return list(stored(AgendaItem).filter(meeting=meeting, standing=False).order_by("number", "id"))


class ServiceWriter:
    """Through the services, one record at a time (history and audit for each)."""

    def agenda(self, run: Run, meeting: Meeting, items: Sequence[ItemPlan]) -> list[AgendaItem]:
        return [
            agenda_item_add(
                actor=run.actor,
                meeting=meeting,
                title=item.title,
                action=item.action,
                classification=item.level,
                distribution=_distribution(run, item.level),
                reason=REASON,
            )
            for item in items
        ]

    def business(
        self, run: Run, meeting: Meeting, items: Sequence[AgendaItem], plan: Business
    ) -> None:
        actor, body, written = run.actor, meeting.body, items
        for d in plan.decisions:
            decision_record(
                actor=actor,
                owning_body=body,
                meeting=meeting,
                agenda_item=written[d.item]
                if d.item is not None and d.item < len(written)
                else None,
                verb=d.verb,
                text=d.text,
                classification=d.level,
                distribution=_distribution(run, d.level),
                for_panel=d.for_panel,
                reason=REASON,
            )
        for a in plan.actions:
            action_create(
                actor=actor,
                owning_body=body,
                meeting=meeting,
                reference=a.reference,
                text=a.text,
                due_date=a.due,
                owner_person=a.person,
                owner_organisation=a.organisation,
                classification=a.level,
                distribution=_distribution(run, a.level),
                for_panel=a.for_panel,
                reason=REASON,
            )
        for row in plan.attendance:
            attendance_record(
                actor=actor,
                meeting=meeting,
                person=row.person,
                role=row.role,
                status=row.status,
                reason=REASON,
            )
        minutes_save(actor=actor, meeting=meeting, text=plan.minutes, reason=REASON)
        for h in plan.highlights:
            assert plan.period is not None
            highlight_create(
                actor=actor,
                owning_body=body,
                heading=h.heading,
                text=h.text,
                period=plan.period,
                classification=h.level,
                position=h.position,
                meeting=meeting,
                distribution=_distribution(run, h.level),
                reason=REASON,
            )

    def flush(self, run: Run) -> None:
        return None


#: Write order: a model after every model its rows point at.
BULK_MODELS: tuple[type[ClassifiedModel], ...] = (
    AgendaItem,
    Decision,
    Action,
    Attendance,
    Minutes,
    Highlight,
)
#: One object in this many is checked with `full_clean` before it is written.
SAMPLE_EVERY = 250


class BulkWriter:
    """Buffers final-state records and writes them in batches with their history rows."""

    def __init__(self, batch_size: int = 2000) -> None:
        self.batch_size = batch_size
        self.buffer: dict[type[ClassifiedModel], list[ClassifiedModel]] = defaultdict(list)
        self.red: list[ClassifiedModel] = []
        self.seen: Counter[str] = Counter()
        self.written: Counter[str] = Counter()
        self.checked = 0

    def _add(self, run: Run, obj: ClassifiedModel) -> None:
        label = obj._meta.label
        self.seen[label] += 1
        if self.seen[label] <= 3 or self.seen[label] % SAMPLE_EVERY == 0:
            # related rows still in the buffer have no id yet: their columns are checked when
            # the row is built, the link when it is written
            obj.full_clean(validate_unique=False, validate_constraints=False)
            self.checked += 1
        self.buffer[type(obj)].append(obj)
        if obj.classification == RED:
            self.red.append(obj)
        if sum(len(rows) for rows in self.buffer.values()) >= self.batch_size:
            self.flush(run)

    def agenda(self, run: Run, meeting: Meeting, items: Sequence[ItemPlan]) -> list[AgendaItem]:
        last = stored(AgendaItem).filter(meeting=meeting).aggregate(n=Max("number"))["n"] or 0
        rows = []
        for number, item in enumerate(items, start=last + 1):
            row = AgendaItem(
                meeting=meeting,
                owning_body=meeting.body,
                number=number,
                title=item.title,
                action=item.action,
                classification=item.level,
            )
            self._add(run, row)
            rows.append(row)
        return rows

    def business(
        self, run: Run, meeting: Meeting, items: Sequence[AgendaItem], plan: Business
    ) -> None:
        body, day, until, written = meeting.body, meeting.date, run.until, items
        for d in plan.decisions:
            self._add(
                run,
                Decision(
                    owning_body=body,
                    meeting=meeting,
                    agenda_item=written[d.item]
                    if d.item is not None and d.item < len(written)
                    else None,
                    date=day,
                    verb=d.verb,
                    text=d.text,
                    for_panel=d.for_panel,
                    classification=d.level,
                ),
            )
        for a in plan.actions:
            done = a.fate.on is not None and a.fate.on <= until
            self._add(
                run,
                Action(
                    owning_body=body,
                    meeting=meeting,
                    reference=a.reference,
                    text=a.text,
                    owner_person=a.person,
                    owner_organisation=a.organisation,
                    raised_on=day,
                    due_date=a.due,
                    status=a.fate.status if done else ActionStatus.OPEN,
                    closed_on=a.fate.on if done and a.fate.status == "closed" else None,
                    update=a.fate.update if done else "",
                    for_panel=a.for_panel,
                    classification=a.level,
                ),
            )
        for row in plan.attendance:
            self._add(
                run,
                Attendance(
                    meeting=meeting,
                    owning_body=body,
                    person=row.person,
                    role=row.role,
                    status=row.status,
                    classification=Classification.AMBER,
                ),
            )
        approved = plan.minutes_approved_on is not None and plan.minutes_approved_on <= until
        self._add(
            run,
            Minutes(
                meeting=meeting,
                owning_body=body,
                text=plan.minutes,
                status=MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT,
                approved_on=plan.minutes_approved_on if approved else None,
                classification=Classification.AMBER,
            ),
        )
        for h in plan.highlights:
            assert plan.period is not None
            self._add(
                run,
                Highlight(
                    owning_body=body,
                    heading=h.heading,
                    text=h.text,
                    period=plan.period,
                    classification=h.level,
                    position=h.position,
                    meeting=meeting,
                ),
            )

    def flush(self, run: Run) -> None:
        if not any(self.buffer.values()):
            return
        with transaction.atomic():
            for model in BULK_MODELS:
                rows = self.buffer.pop(model, [])
                if not rows:
                    continue
                # a link to a row written earlier in this flush (a decision's agenda item) takes
                # its id here (Django's bulk_create, `_prepare_related_fields_for_save`)
                bulk_create_with_history(
                    rows,
                    model,
                    batch_size=500,
                    default_user=run.actor,
                    default_change_reason=f"{REASON} (bulk)",
                )
                self.written[model._meta.label] += len(rows)
                index_many(rows)  # no save signal on this path: the search index (search.services)
            self._distribute(run)
        self.buffer.clear()

    def _distribute(self, run: Run) -> None:
        people = run.red_distribution()
        by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for obj in self.red:
            through = type(obj).red_distribution.through
            for person in people:
                field = f"{type(obj)._meta.model_name}_id"
                by_model[through].append(through(**{field: obj.pk, "user_id": person.pk}))
        for through, rows in by_model.items():
            through._default_manager.bulk_create(rows, batch_size=1000)
        self.red.clear()
