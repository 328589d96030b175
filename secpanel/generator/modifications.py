"""Modifications moving through their stages over the months.

Every WHITE modification has a plan: its stages from where it stood when the generated history
starts (the seed's register in June 2019, or Draft Proposal when the generator raised it),
each move on a day of the calendar: at a Panel meeting (Development, Refinement, Report Phase,
the Final Modification Report to the Change Board, a Fast-Track decision, a withdrawal), at a
Change Board meeting (its vote, or its recommendation to the Authority), on the Authority's day
(no meeting) or on the day of the SEC release that implements it. A plan is drawn from the
modification's reference alone, so a later run continues it; the modification's stage says how
far it has come. The Panel raises one new Draft Proposal a month (MP077 in June 2019 onwards)
and the TABASC gives its advice on one modification at each of its meetings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from secpanel.core.classification import Classification
from secpanel.generator import calendar, words
from secpanel.generator.context import Run
from secpanel.generator.meetings import add_item
from secpanel.generator.stored import stored
from secpanel.generator.writers import REASON
from secpanel.meetings.models import Decision, Meeting
from secpanel.meetings.services import decision_record
from secpanel.modifications.models import (
    AdviceKind,
    EventKind,
    ImpactedParty,
    Modification,
    ModificationEvent,
    ModificationPath,
    ModificationStage,
    Release,
)
from secpanel.modifications.services import (
    advice_record,
    modification_create,
    modification_reschedule,
    modification_transition,
    release_create,
    release_update,
)

S = ModificationStage
P = ModificationPath
W = Classification.WHITE
FIRST_REFERENCE = 77  # MP073, MP074, DP075 and MP076 are the seed's


@dataclass(frozen=True)
class Plan:
    """The stage a modification starts the generated history at, and its moves from there."""

    start: S
    steps: list[Step]

    def ahead(self, current: S) -> list[Step] | None:
        """The moves still to take from `current` (None: not a stage of this plan)."""
        if current == self.start:
            return self.steps
        targets = [s.target for s in self.steps]
        if current in targets:
            return self.steps[targets.index(current) + 1 :]
        return None


@dataclass(frozen=True)
class Step:
    """One move of a plan: transition `name` on `on`, decided at `body`'s meeting (None: no
    meeting, the Authority's decision or a release going live), reaching `target`."""

    name: str
    on: datetime.date
    body: str | None
    target: S


def _stage_of(label: str) -> S | None:
    for stage in S:
        if stage.label == label:
            return stage
    return None


def origin(modification: Modification) -> tuple[S, datetime.date] | None:
    """Where the modification stood when the generated history starts: its stage as of the
    first month after the seed, or when it was raised (later), from its events."""
    events = list(
        ModificationEvent.objects.in_force()
        .filter(modification_id=modification.pk, kind__in=(EventKind.RAISED, EventKind.STAGE))
        .order_by("date", "id")
    )
    if not events:
        return None
    raised = events[0]
    start = max(calendar.FIRST_MONTH, raised.date)
    stage = _stage_of(raised.to_value) or S.DRAFT_PROPOSAL
    for event in events[1:]:
        if event.date < start and event.kind == EventKind.STAGE:
            stage = _stage_of(event.to_value) or stage
    return stage, start


def _meeting_on_or_after(run: Run, body: str, day: datetime.date) -> datetime.date:
    return run.next_meeting_day(body, day - datetime.timedelta(days=1))


def _panel(run: Run, day: datetime.date, months: int) -> datetime.date:
    return _meeting_on_or_after(run, "panel", calendar.add_months(day.replace(day=1), months))


def plan(run: Run, modification: Modification) -> Plan | None:
    """The moves ahead of the modification from its origin (see the module's docstring)."""
    found = origin(modification)
    if found is None:
        return None
    stage, day = found
    start = stage
    rng = run.rng("modification", modification.reference)
    steps: list[Step] = []

    def move(name: str, on: datetime.date, body: str | None, target: S) -> None:
        nonlocal stage, day
        steps.append(Step(name, on, body, target))
        stage, day = target, on

    if modification.on_hold:
        if stage not in (S.IMPLEMENTED, S.WITHDRAWN, S.REJECTED):
            move("withdraw", _panel(run, day, 3), "panel", S.WITHDRAWN)
        return Plan(start, steps)
    if modification.path == P.FAST_TRACK:
        if stage in (S.DRAFT_PROPOSAL, S.DEVELOPMENT):
            approved = rng.random() < 0.9
            move(
                "fast_track_approve" if approved else "fast_track_reject",
                _panel(run, day, 1),
                "panel",
                S.PENDING_IMPLEMENTATION if approved else S.REJECTED,
            )
    else:
        if stage == S.DRAFT_PROPOSAL:
            move("start_development", _panel(run, day, 1), "panel", S.DEVELOPMENT)
        if stage == S.DEVELOPMENT:
            move("refine", _panel(run, day, rng.randint(1, 3)), "panel", S.REFINEMENT)
        if stage == S.REFINEMENT:
            if rng.random() < 0.08:
                move("withdraw", _panel(run, day, rng.randint(2, 6)), "panel", S.WITHDRAWN)
                return Plan(start, steps)
            move("to_report_phase", _panel(run, day, rng.randint(3, 14)), "panel", S.REPORT_PHASE)
        if stage == S.REPORT_PHASE:
            move("to_change_board", _panel(run, day, rng.randint(1, 2)), "panel", S.CHANGE_BOARD)
        if stage == S.CHANGE_BOARD:
            vote = _meeting_on_or_after(run, "change-board", day)
            if modification.path in (P.PATH_1, P.PATH_2):
                move("refer_to_authority", vote, "change-board", S.AUTHORITY_DECISION)
            else:
                approved = rng.random() < 0.9
                move(
                    "approve" if approved else "reject",
                    vote,
                    "change-board",
                    S.PENDING_IMPLEMENTATION if approved else S.REJECTED,
                )
        if stage == S.AUTHORITY_DECISION:
            decided = day + datetime.timedelta(days=rng.randint(20, 80))
            approved = rng.random() < 0.9
            move(
                "authority_approve" if approved else "authority_reject",
                decided,
                None,
                S.PENDING_IMPLEMENTATION if approved else S.REJECTED,
            )
    if stage == S.PENDING_IMPLEMENTATION:
        move("implement", release_for(modification, day), None, S.IMPLEMENTED)
    return Plan(start, steps)


def release_for(modification: Modification, approved: datetime.date) -> datetime.date:
    """Its target release if that is still ahead, else the first release at least three
    months after the approval."""
    release = modification.target_release
    if release is not None and release.planned_date and release.planned_date >= approved:
        return release.planned_date
    return calendar.first_release_after(approved + datetime.timedelta(days=90))


def ensure_release(run: Run, day: datetime.date) -> Release:
    name = calendar.release_name(day)
    release = Release.objects.filter(name=name).first()
    if release is None:
        release = release_create(actor=run.actor, name=name, planned_date=day, reason=REASON)
        run.counts["releases"] += 1
    return release


DECIDED = {
    "start_development": "The Panel agreed that {modification} should enter the Development Stage.",
    "refine": "The Panel agreed to convert {modification} to a Modification Proposal for the "
    "Refinement Process.",
    "to_report_phase": "The Panel agreed that {modification} should move to the Report Phase.",
    "to_change_board": "The Panel agreed the Final Modification Report for {modification} and "
    "sent it to the Change Board.",
    "withdraw": "The Panel noted that the Proposer has withdrawn {modification}.",
    "fast_track_approve": "The Panel approved {modification} as a Fast-Track Modification.",
    "fast_track_reject": "The Panel rejected {modification} as a Fast-Track Modification.",
    "approve": "The Change Board approved {modification}.",
    "reject": "The Change Board rejected {modification}.",
    "refer_to_authority": "The Change Board agreed its recommendation on {modification} for "
    "the Authority's decision.",
}
MOVED = {
    "authority_approve": "The Authority approved the modification.",
    "authority_reject": "The Authority rejected the modification.",
    "implement": "Implemented in the SEC release.",
}
VERBS = {"withdraw": "noted", "reject": "rejected", "fast_track_reject": "rejected"}


def _named(modification: Modification) -> str:
    return f"{modification.reference} ‘{modification.title}’"


def tracked(run: Run) -> list[tuple[Modification, Plan | None]]:
    """Every WHITE modification that is not closed, with its plan (plans kept for the run)."""
    plans: dict[str, Plan | None] = run.cache.setdefault("modification plans", {})
    found = []
    for modification in (
        stored(Modification)
        .filter(classification=W)
        .exclude(stage__in=(S.IMPLEMENTED, S.WITHDRAWN, S.REJECTED))
        .select_related("target_release")
        .order_by("reference")
    ):
        if modification.reference not in plans:
            plans[modification.reference] = plan(run, modification)
        found.append((modification, plans[modification.reference]))
    return found


def advance(run: Run, meeting: Meeting, code: str) -> None:
    """Take every move whose day has come (up to this meeting's); a move decided at this
    meeting is its decision, on its agenda."""
    day = meeting.date
    for modification, found in tracked(run):
        if modification.stage == S.PENDING_IMPLEMENTATION and modification.target_release is None:
            _schedule(run, modification, day, None, None)  # approved before the history
        ahead = found.ahead(S(modification.stage)) if found is not None else None
        for step in ahead or []:
            if step.on > day:
                break
            here = step.body == code and step.on == day
            _take(run, modification, step, meeting if here else None)


def _take(run: Run, modification: Modification, step: Step, meeting: Meeting | None) -> None:
    decision = None
    named = _named(modification)
    if meeting is not None and step.name in DECIDED:
        item = add_item(run, meeting, named)
        decision = decision_record(
            actor=run.actor,
            owning_body=meeting.body,
            meeting=meeting,
            agenda_item=item,
            verb=VERBS.get(step.name, "agreed"),
            text=DECIDED[step.name].format(modification=named),
            classification=W,
            cites=[modification],
            reason=REASON,
        )
    if decision is not None:
        reason = decision.text
    else:
        reason = MOVED.get(step.name) or DECIDED[step.name].format(modification=named)
    modification_transition(
        actor=run.actor,
        obj=modification,
        name=step.name,
        reason=reason,
        date=step.on,
        meeting=meeting,
        decision=decision,
    )
    run.counts["modification moves"] += 1
    if step.target == S.PENDING_IMPLEMENTATION:
        _schedule(run, modification, step.on, meeting, decision)


def _schedule(
    run: Run,
    modification: Modification,
    day: datetime.date,
    meeting: Meeting | None,
    decision: Decision | None,
) -> None:
    """An approved modification's release and implementation date (the decision that
    approved it agreed them)."""
    go_live = release_for(modification, day)
    release = ensure_release(run, go_live)
    if modification.target_release_id == release.pk and modification.implementation_date:
        return
    modification_reschedule(
        actor=run.actor,
        modification=modification,
        target_release=release,
        implementation_date=go_live,
        reason=f"Approved for the {release.name}.",
        date=day,
        meeting=meeting,
        decision=decision,
    )


def releases_live(run: Run, meeting: Meeting) -> None:
    """Releases whose day has passed went live on it (noted at the Panel's next meeting)."""
    for release in Release.objects.filter(actual_date=None, planned_date__lt=meeting.date).order_by(
        "planned_date"
    ):
        release_update(
            actor=run.actor,
            release=release,
            actual_date=release.planned_date,
            reason="The release went live.",
        )
        run.counts["releases gone live"] += 1


def raise_new(run: Run, meeting: Meeting) -> None:
    """The month's new Draft Proposal, raised at the Panel meeting."""
    index = calendar.month_index(meeting.date.replace(day=1))
    reference = f"MP{FIRST_REFERENCE + index:03d}"
    if stored(Modification).filter(reference=reference).exists():
        return
    rng = run.rng("new modification", reference)
    titles = words.MODIFICATION_TITLES
    title = titles[index % len(titles)]
    if index >= len(titles):
        title = f"{title} ({meeting.date.year})"
    path = rng.choices((P.PATH_3, P.PATH_2, P.PATH_1, P.FAST_TRACK), weights=(55, 25, 5, 15))[0]
    raised = meeting.date - datetime.timedelta(days=rng.randint(7, 25))
    impacted = rng.sample([ImpactedParty.SUPPLIERS, ImpactedParty.NETWORKS, ImpactedParty.DCC], 2)
    modification = modification_create(
        actor=run.actor,
        owning_body=meeting.body,
        reference=reference,
        title=title,
        classification=W,
        path=path,
        proposer=rng.choice(("DCC", "SECAS", "A Supplier Party", "A Network Party")),
        lead_analyst="SEC Change",
        date_raised=raised,
        date=raised,
        meeting=meeting,
        impacted=sorted(impacted),
        issue=f"The Proposer asks for a change to the SEC: {title[:1].lower()}{title[1:]}.",
        reason="Raised (generated history)",
    )
    item = add_item(run, meeting, f"New Draft Proposal {_named(modification)}")
    decision_record(
        actor=run.actor,
        owning_body=meeting.body,
        meeting=meeting,
        agenda_item=item,
        verb="noted",
        text=f"The Panel noted the new Draft Proposal {_named(modification)}.",
        classification=W,
        cites=[modification],
        reason=REASON,
    )
    run.counts["modifications raised"] += 1


def advise(run: Run, meeting: Meeting) -> None:
    """The TABASC's advice on one modification in development or refinement."""
    candidates = [
        m for m, _plan in tracked(run) if m.stage in (S.DEVELOPMENT, S.REFINEMENT) and not m.on_hold
    ]
    if not candidates:
        return
    rng = run.rng("advice", meeting.body.code, meeting.date)
    modification = rng.choice(candidates)
    kind = (
        AdviceKind.SUITABLE_FOR_PA
        if modification.stage == S.DEVELOPMENT
        else rng.choice((AdviceKind.SUPPORT, AdviceKind.SUPPORT, AdviceKind.CONCERNS))
    )
    advice_record(
        actor=run.actor,
        owning_body=meeting.body,
        modification=modification,
        kind=kind,
        meeting=meeting,
        classification=W,
        reason=REASON,
    )
    run.counts["modification advice"] += 1
