"""What TAG's testing registers give the Panel paper (`core.paper`): the decisions a body took
in the month on test phases' exit criteria ("The TAG agreed that the SIT exit criteria for
Release 2.0 (northern region) were met.") and the Device Model Combinations it approved ("The
TAG approved two Device Model Combinations for SMETS1 IOC:", with the combinations listed)."""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.programmes.models import (
    CriterionStatus,
    DeviceModelCombination,
    DmcStatus,
    ExitCriterion,
    Programme,
    TestPhase,
)
from secpanel.programmes.selectors import dmc_list
from secpanel.programmes.workflow import CRITERION_TRANSITIONS

WHITE = Classification.WHITE

paper.register_phrases(
    {
        "programmes.exit.heading": Phrase(
            "Test phase exit decisions", one="Test phase exit decision"
        ),
        "programmes.exit.phase_region": Phrase(
            "{programme} ({region})",
            help="How a programme is named with the region of a phase (Release 2.0 (northern "
            "region)).",
        ),
        "programmes.exit.all_met": Phrase(
            "The {short} agreed that the {phase} exit criteria for {programme} were met.",
            help="Every exit criterion of the phase is met, the last ones in the month.",
        ),
        "programmes.exit.met": Phrase(
            "The {short} agreed that the following {n_words} {phase} exit criteria for "
            "{programme} were met:",
            one="The {short} agreed that the following {phase} exit criterion for {programme} "
            "was met:",
        ),
        "programmes.exit.not_met": Phrase(
            "The {short} agreed that the following {n_words} {phase} exit criteria for "
            "{programme} were not met:",
            one="The {short} agreed that the following {phase} exit criterion for {programme} "
            "was not met:",
        ),
        "programmes.exit.amendment_sought": Phrase(
            "The {short} noted that an amendment has been sought to the following {n_words} "
            "{phase} exit criteria for {programme}:",
            one="The {short} noted that an amendment has been sought to the following {phase} "
            "exit criterion for {programme}:",
        ),
        "programmes.exit.amendment_agreed": Phrase(
            "The {short} agreed an amendment to the following {n_words} {phase} exit criteria "
            "for {programme}:",
            one="The {short} agreed an amendment to the following {phase} exit criterion for "
            "{programme}:",
        ),
        "programmes.exit.amendment_refused": Phrase(
            "The {short} did not agree the amendment sought to the following {n_words} {phase} "
            "exit criteria for {programme}:",
            one="The {short} did not agree the amendment sought to the following {phase} exit "
            "criterion for {programme}:",
        ),
        "programmes.exit.decided": Phrase(
            "The {short} took a decision on the following {n_words} {phase} exit criteria for "
            "{programme}:",
            one="The {short} took a decision on the following {phase} exit criterion for "
            "{programme}:",
            help="A decision whose outcome the register does not tell (kept for safety).",
        ),
        "programmes.dmc.heading": Phrase(
            "Device Model Combinations approved", one="Device Model Combination approved"
        ),
        "programmes.dmc.approved": Phrase(
            "The {short} approved {n_words} Device Model Combinations for {programme}:",
            one="The {short} approved one Device Model Combination for {programme}:",
        ),
        "programmes.dmc.approved_no_programme": Phrase(
            "The {short} approved {n_words} Device Model Combinations:",
            one="The {short} approved one Device Model Combination:",
            help="Combinations not attached to a programme.",
        ),
    }
)

# The order the sentences on one phase come in, by what became of its criteria.
OUTCOMES = (
    "met",
    "not_met",
    "amendment_sought",
    "amendment_agreed",
    "amendment_refused",
    "decided",
)
# A criterion back to Open after a decision: which move took it there.
REOPENING_MOVES = {"amend": "amendment_agreed", "refuse_amendment": "amendment_refused"}


def _phase_name(phase: TestPhase) -> str:
    """As papers write a phase: its abbreviation where it has one (SIT), else its name."""
    label = str(phase.get_phase_display())
    short = re.search(r"\(([^()]+)\)$", label)
    return short.group(1) if short else label


def _programme_name(ctx: PaperContext, phase: TestPhase) -> str:
    name = str(phase.programme)
    if phase.region:
        region = str(phase.get_region_display())
        return ctx.say("programmes.exit.phase_region", programme=name, region=region.lower())
    return name


def _reopened_by(criteria: list[ExitCriterion]) -> dict[int, str]:
    """For criteria back to Open after a decision, the move that took them there (amendment
    agreed or refused), from the kind of the latest audit event of their machine (the kind only:
    no reason or snapshot is read)."""
    if not criteria:
        return {}
    kinds = {f"{CRITERION_TRANSITIONS.name}_{name}": name for name in CRITERION_TRANSITIONS}
    rows = (
        AuditEvent.objects.filter(
            subject_type=ContentType.objects.get_for_model(ExitCriterion),
            subject_id__in=[str(c.pk) for c in criteria],
            kind__in=list(kinds),
        )
        .order_by("at", "id")
        .values_list("subject_id", "kind")
    )
    last = {int(subject_id): kinds[kind] for subject_id, kind in rows}
    return {pk: REOPENING_MOVES.get(move, "") for pk, move in last.items()}


def _outcome(criterion: ExitCriterion, reopened: dict[int, str]) -> str:
    if criterion.status == CriterionStatus.OPEN:
        return reopened.get(criterion.pk) or "decided"
    return str(criterion.status)


def _parents_white(ctx: PaperContext, phase: TestPhase, shown: list[ExitCriterion]) -> bool:
    """Whether the phase and its programme may be named; if not, the criteria are left out."""
    if phase.classification > WHITE or phase.programme.classification > WHITE:
        for criterion in shown:
            ctx.omit(criterion)
        return False
    return True


def _phases_with_unmet_criteria(ctx: PaperContext, phase_ids: list[int]) -> set[int]:
    """Of `phase_ids`, the phases with an exit criterion the actor may read that is not met
    (at any date): one query for all of them."""
    if not phase_ids:
        return set()
    return set(
        ExitCriterion.objects.visible_to(ctx.actor)
        .filter(phase_id__in=phase_ids)
        .exclude(status=CriterionStatus.MET)
        .values_list("phase_id", flat=True)
        .distinct()
    )


@paper.register_facts("exit_decisions", "Test phase exit decisions")
def exit_decision_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    # The body's decisions are picked here, not in the query: with the decision's body in the
    # WHERE clause, SQLite walks every decision the body ever made (a decade) to find the
    # month's few; read by date, each row brings its decision's body (docs/decisions/0007).
    month = (
        ExitCriterion.objects.visible_to(ctx.actor)
        .filter(decided_on__range=(ctx.period_start, ctx.period_end))
        .annotate(decision_body=F("decision__owning_body"))
        .select_related("phase__programme")
        .order_by("decided_on", "phase_id", "id")
    )
    decided = ctx.white(c for c in month if c.decision_body == body.pk)
    by_phase: dict[int, list[ExitCriterion]] = defaultdict(list)
    for criterion in decided:
        by_phase[criterion.phase_id].append(criterion)
    reopened = _reopened_by([c for c in decided if c.status == CriterionStatus.OPEN])
    unmet = _phases_with_unmet_criteria(
        ctx,
        [
            phase_id
            for phase_id, criteria in by_phase.items()
            if all(c.status == CriterionStatus.MET for c in criteria)
        ],
    )
    found: list[tuple[str, list[ExitCriterion], str, list[str]]] = []
    for criteria in by_phase.values():
        phase = criteria[0].phase
        if not _parents_white(ctx, phase, criteria):
            continue
        names = {
            "short": body.short_name,
            "phase": _phase_name(phase),
            "programme": _programme_name(ctx, phase),
        }
        all_met = all(c.status == CriterionStatus.MET for c in criteria) and phase.pk not in unmet
        if all_met:
            text = ctx.say("programmes.exit.all_met", len(criteria), **names)
            found.append((f"exit-{phase.pk}", criteria, text, []))
            continue
        groups: dict[str, list[ExitCriterion]] = defaultdict(list)
        for c in criteria:
            groups[_outcome(c, reopened)].append(c)
        for outcome in sorted(groups, key=OUTCOMES.index):
            group = groups[outcome]
            text = ctx.say(f"programmes.exit.{outcome}", len(group), **names)
            found.append((f"exit-{phase.pk}-{outcome}", group, text, [c.text for c in group]))
    heading = ctx.say("programmes.exit.heading", len(found))
    return [
        Fact(
            key=key,
            heading=heading,
            # the phase and programme too: a highlight citing either gathers the decision
            records=[*group, group[0].phase, group[0].phase.programme],
            paragraphs=[text],
            items=items,
            date=max(c.decided_on for c in group if c.decided_on),
        )
        for key, group, text, items in found
    ]


@paper.register_facts("dmc_approvals", "Device Model Combinations approved")
def dmc_approval_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    # The body's approvals are picked here, not in the query: with the decision's body in the
    # WHERE clause, SQLite walks every decision the body ever made (a decade) to find the
    # month's few; read by date, each row brings its decision's body (docs/decisions/0007).
    month = (
        dmc_list(ctx.actor)
        .filter(
            status=DmcStatus.APPROVED,
            decided_on__range=(ctx.period_start, ctx.period_end),
        )
        .annotate(decision_body=F("decision__owning_body"))
        .select_related("programme")
        .order_by("decided_on", "programme_id", "name", "id")
    )
    approved = ctx.white(d for d in month if d.decision_body == body.pk)
    by_programme: dict[int | None, list[DeviceModelCombination]] = defaultdict(list)
    programme: Programme | None
    for dmc in approved:
        programme = dmc.programme
        if programme is not None and programme.classification > WHITE:
            ctx.omit(dmc)  # the programme may not be named: the combination is left out
        else:
            by_programme[dmc.programme_id].append(dmc)
    heading = ctx.say("programmes.dmc.heading", sum(len(g) for g in by_programme.values()))
    facts = []
    for programme_id, group in by_programme.items():
        programme = group[0].programme
        if programme is None:
            text = ctx.say(
                "programmes.dmc.approved_no_programme", len(group), short=body.short_name
            )
        else:
            text = ctx.say(
                "programmes.dmc.approved",
                len(group),
                short=body.short_name,
                programme=str(programme),
            )
        facts.append(
            Fact(
                key=f"dmcs-{body.pk}-{programme_id or 0}",
                heading=heading,
                records=[*group, *([programme] if programme is not None else [])],
                paragraphs=[text],
                items=[dmc.name for dmc in group],
                date=max(d.decided_on for d in group if d.decided_on),
            )
        )
    return facts
