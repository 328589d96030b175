"""One run of the generator: every meeting of the window in date order, then the Panel's recent
papers, then one audit event saying what was generated."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from tqdm import tqdm

from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.services import record_event
from secpanel.generator import assurance, calendar, meetings, modifications, papers, registers
from secpanel.generator import business as plans
from secpanel.generator.context import Options, Run, load_run
from secpanel.generator.stored import stored
from secpanel.generator.writers import BulkWriter, ServiceWriter, Writer, planned_items
from secpanel.meetings.models import Meeting, MeetingStatus

MARKER = "generator.history_generated"
#: Records a held meeting writes at the demo's density, for `--scale N`: those that scale
#: (its agenda, decisions, actions and highlights) and those that do not (attendance, minutes,
#: what its registers do), as the demo's own history averages them.
SCALED_PER_MEETING = 8.2
FIXED_PER_MEETING = 5.3


@dataclass
class Result:
    """What a run wrote: rows added per model, what happened, the bulk sample checked."""

    created: dict[str, int]
    counts: Counter[str]
    history_rows: int
    audit_events: int
    checked: int = 0
    bulk: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _panel(run: Run, meeting: Meeting) -> None:
    modifications.raise_new(run, meeting)
    modifications.advance(run, meeting, "panel")
    modifications.releases_live(run, meeting)


def _change_board(run: Run, meeting: Meeting) -> None:
    modifications.advance(run, meeting, "change-board")


def _ssc(run: Run, meeting: Meeting) -> None:
    assurance.at_meeting(run, meeting)
    registers.consultations(run, meeting)
    registers.yearly_versions(run, meeting, "ssc")


def _tabasc(run: Run, meeting: Meeting) -> None:
    modifications.advise(run, meeting)
    registers.consultations(run, meeting)
    registers.yearly_versions(run, meeting, "tabasc")


def _tag(run: Run, meeting: Meeting) -> None:
    registers.tag_meeting(run, meeting)
    registers.consultations(run, meeting)


#: What each body's registers do at its meetings, besides the meeting's own business.
REGISTERS: dict[str, Callable[[Run, Meeting], None]] = {
    "panel": _panel,
    "change-board": _change_board,
    "ssc": _ssc,
    "tabasc": _tabasc,
    "tag": _tag,
    "ops-group": registers.ops_meeting,
    "smki-pma": registers.pma_meeting,
}


def process(run: Run, slot: calendar.Slot) -> None:
    """One meeting: scheduled with its agenda if it is after `--until`, else held with its
    business (skipped if it was held before: written by an earlier run, or by hand)."""
    meeting = meetings.find(run, slot)
    if slot.day > run.until:
        if meeting is None:
            meetings.schedule(run, slot, with_agenda=True)
        else:
            run.counts["meetings already scheduled"] += 1
        return
    if meeting is not None and meeting.status != MeetingStatus.PLANNED:
        run.counts["meetings already held"] += 1
        return
    if meeting is None:
        meeting, items = meetings.schedule(run, slot, with_agenda=False)
    else:
        items = planned_items(meeting)
    meeting = meetings.hold(run, meeting)
    meetings.settle_earlier_business(run, meeting)
    register = REGISTERS.get(slot.body)
    if register is not None:
        register(run, meeting)
    agenda = plans.agenda(run, slot)
    if not items:
        items = run.writer.agenda(run, meeting, agenda)
    run.writer.business(run, meeting, items, plans.business(run, slot, agenda))
    run.counts["meetings held"] += 1


def census() -> tuple[Counter[str], int, int]:
    """Rows of every secpanel model, history rows, audit events."""
    rows: Counter[str] = Counter()
    history = 0
    for model in apps.get_models():
        if not model._meta.label.startswith(_LABELS):
            continue
        if hasattr(model, "instance_type"):  # simple-history's historical model
            history += model._default_manager.count()
        elif issubclass(model, ClassifiedModel):
            rows[model._meta.label] = stored(model).count()
        elif model is not AuditEvent:
            rows[model._meta.label] = model._default_manager.count()
    return rows, history, AuditEvent.objects.count()


_LABELS = tuple(
    f"{label}."
    for label in (
        "accounts",
        "bodies",
        "core",
        "meetings",
        "modifications",
        "assurance",
        "documents",
        "programmes",
        "smki",
        "operations",
        "reports",
    )
)


def _check_seed(run: Run) -> None:
    for after in AuditEvent.objects.filter(kind=MARKER).values_list("after", flat=True):
        seed = (after or {}).get("seed")
        if seed is not None and seed != run.options.seed:
            raise ValidationError(
                {
                    "seed": f"This database holds a history generated with seed {seed}; run "
                    f"again with --seed {seed} (or load the demo afresh with secpanel "
                    "demo-data --reset)."
                }
            )


def density(options: Options, slots: list[calendar.Slot]) -> float:
    if options.scale is None:
        return 1.0
    held = sum(1 for s in slots if s.day <= options.until) or 1
    return max(0.01, (options.scale / held - FIXED_PER_MEETING) / SCALED_PER_MEETING)


def generate(options: Options, *, progress: bool | None = None) -> Result:
    """Write the history `options` ask for (see the package's docstring)."""
    options.check()
    writer: Writer = BulkWriter() if options.bulk else ServiceWriter()
    run = load_run(options, writer)
    _check_seed(run)
    horizon = calendar.month_end(calendar.add_months(options.until, 2))
    slots = calendar.slots_between(options.start, horizon, run.holidays)
    run.density = density(options, slots)
    before, history_before, audit_before = census()
    with transaction.atomic():
        meetings.hold_stale(run)
    show = sys.stderr.isatty() if progress is None else progress
    for slot in tqdm(slots, desc="Meetings", unit=" meeting", file=sys.stderr, disable=not show):
        try:
            with transaction.atomic():
                process(run, slot)
        except ValidationError as exc:
            raise ValidationError(
                f"{run.bodies[slot.body].short_name} meeting of {slot.day:%-d %B %Y}: "
                f"{' '.join(exc.messages)} (the meetings before it are saved; run again to "
                "continue)"
            ) from exc
    writer.flush(run)
    papers.publish_recent(run)
    after, history_after, audit_after = census()
    created = {label: n - before[label] for label, n in after.items() if n != before[label]}
    result = Result(
        created=created,
        counts=run.counts,
        history_rows=history_after - history_before,
        audit_events=audit_after - audit_before,
    )
    if isinstance(writer, BulkWriter):
        result.checked = writer.checked
        result.bulk = dict(writer.written)
    if created:
        record_event(
            kind=MARKER,
            actor=run.actor,
            reason=f"Generated history from {options.start:%-d %B %Y} to "
            f"{options.until:%-d %B %Y} (seed {options.seed})",
            after={
                "seed": options.seed,
                "from": options.start.isoformat(),
                "until": options.until.isoformat(),
                "scale": options.scale,
                "created": result.total,
                "bulk": result.bulk,
            },
        )
    return result
