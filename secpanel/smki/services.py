"""Writes of the SMKI PMA registers: atomic, validated, audited and history-kept."""

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
from secpanel.smki.models import ExerciseStatus, KeyCustodian, RecoveryExercise
from secpanel.smki.workflow import CUSTODIAN_TRANSITIONS, EXERCISE_TRANSITIONS


def exercise_create(
    *,
    actor: Actor,
    owning_body: Body,
    title: str,
    planned_date: datetime.date | None = None,
    date_is_estimate: bool = True,
    environment: str = "live",
    scope: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> RecoveryExercise:
    obj = RecoveryExercise(
        owning_body=owning_body,
        title=title,
        planned_date=planned_date,
        date_is_estimate=date_is_estimate,
        environment=environment,
        scope=scope,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def _needs_outcome(obj: Any, transition: Transition) -> None:
    if transition.target == ExerciseStatus.HELD and not obj.outcome.strip():
        raise ValidationError({"outcome": "Record how the exercise went before marking it held."})


def exercise_transition(
    *, actor: Actor, obj: RecoveryExercise, name: str, reason: str = "", decision: Any = None
) -> RecoveryExercise:
    """Schedule, record as held (needs an outcome) or cancel a recovery exercise."""
    extra = {"date_is_estimate": False} if name == "schedule" else {}
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=EXERCISE_TRANSITIONS,
        decision=decision,
        check=_needs_outcome,
        extra=extra,
    )


def custodian_add(
    *,
    actor: Actor,
    exercise: RecoveryExercise,
    name: str,
    organisation: str = "",
    role: str = "",
    owning_body: Body | None = None,
    classification: Classification = Classification.RED,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> KeyCustodian:
    """A key custodian to notify; RED unless said otherwise (names are not shared)."""
    obj = KeyCustodian(
        exercise=exercise,
        name=name,
        organisation=organisation,
        role=role,
        owning_body=owning_body or exercise.owning_body,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def _exercise_still_ahead(obj: Any, transition: Transition) -> None:
    if obj.exercise.status in (ExerciseStatus.HELD, ExerciseStatus.CANCELLED):
        raise ValidationError(
            {"notification": "The exercise is over; custodians are no longer notified."}
        )


def custodian_transition(
    *,
    actor: Actor,
    obj: KeyCustodian,
    name: str,
    reason: str = "",
    decision: Any = None,
    on: datetime.date | None = None,
) -> KeyCustodian:
    """Record that a custodian was notified (with the date) or confirmed attendance."""
    extra = {"notified_on": on or datetime.date.today()} if name == "notify" else {}
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=CUSTODIAN_TRANSITIONS,
        decision=decision,
        check=_exercise_still_ahead,
        extra=extra,
    )
