"""Writes of TAG's testing registers: atomic, validated, audited and history-kept."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.registers import apply_transition
from secpanel.core.services import classified_create
from secpanel.core.workflow import Transition
from secpanel.programmes.models import (
    CriterionStatus,
    DeviceModelCombination,
    ExitCriterion,
    PhaseStatus,
    Programme,
    TestPhase,
)
from secpanel.programmes.workflow import CRITERION_TRANSITIONS, DMC_TRANSITIONS, PHASE_TRANSITIONS


def programme_create(
    *,
    actor: Actor,
    owning_body: Body,
    name: str,
    short_name: str = "",
    kind: str = "programme",
    target_date: datetime.date | None = None,
    description: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> Programme:
    obj = Programme(
        owning_body=owning_body,
        name=name,
        short_name=short_name,
        kind=kind,
        target_date=target_date,
        description=description,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def phase_create(
    *,
    actor: Actor,
    programme: Programme,
    phase: str,
    region: str = "",
    owning_body: Body | None = None,
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    risk_notes: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> TestPhase:
    obj = TestPhase(
        programme=programme,
        phase=phase,
        region=region,
        owning_body=owning_body or programme.owning_body,
        planned_start=planned_start,
        planned_end=planned_end,
        risk_notes=risk_notes,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def _all_criteria_met(phase: TestPhase, transition: Transition) -> None:
    if transition.target != PhaseStatus.EXIT_CRITERIA_MET:
        return
    outstanding = phase.exit_criteria.unrestricted().exclude(status=CriterionStatus.MET).count()
    if outstanding:
        raise ValidationError(
            {
                "status": f"{outstanding} exit criteri{'on is' if outstanding == 1 else 'a are'} "
                "not yet met."
            }
        )


def phase_transition(
    *, actor: Actor, obj: TestPhase, name: str, reason: str = "", decision: Any = None
) -> TestPhase:
    """Start, flag at risk, exit (every exit criterion met, on a decision) or complete."""
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=PHASE_TRANSITIONS,
        decision=decision,
        check=_all_criteria_met,
    )


def criterion_create(
    *,
    actor: Actor,
    phase: TestPhase,
    text: str,
    owning_body: Body | None = None,
    classification: Classification | None = None,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> ExitCriterion:
    obj = ExitCriterion(
        phase=phase,
        text=text,
        owning_body=owning_body or phase.owning_body,
        classification=phase.classification if classification is None else classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def criterion_transition(
    *, actor: Actor, obj: ExitCriterion, name: str, reason: str = "", decision: Any = None
) -> ExitCriterion:
    """Record a decision on an exit criterion: met, not met, amendment sought/agreed/refused."""
    extra = {"decision": decision, "decided_on": decision.date} if decision is not None else {}
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=CRITERION_TRANSITIONS,
        decision=decision,
        extra=extra,
    )


def dmc_create(
    *,
    actor: Actor,
    owning_body: Body,
    name: str,
    programme: Programme | None = None,
    csp: str = "",
    installation_type: str = "",
    notes: str = "",
    classification: Classification = Classification.GREEN,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> DeviceModelCombination:
    obj = DeviceModelCombination(
        owning_body=owning_body,
        programme=programme,
        name=name,
        csp=csp,
        installation_type=installation_type,
        notes=notes,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def dmc_transition(
    *, actor: Actor, obj: DeviceModelCombination, name: str, reason: str = "", decision: Any = None
) -> DeviceModelCombination:
    """Approve or reject (on a decision) or withdraw a Device Model Combination."""
    extra = {"decision": decision, "decided_on": decision.date} if decision is not None else {}
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=DMC_TRANSITIONS,
        decision=decision,
        extra=extra,
    )
