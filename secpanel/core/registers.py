"""The registers' way of using `core.workflow` (documents, programmes, smki, operations).

- `register_machine`: declare a register record's `StateMachine` (in the app's `workflow.py`)
  with outline buttons and the registers' refusal sentence.
- `apply_transition`: move a record through `core.workflow.apply` (one transaction, the row
  locked, history, the decision cited, one audit event), with the register's own `check` as
  the guard. Called only from the app's `<noun>_transition` service.
- `available_transitions`: the moves a user may make now (the secretariat of the owning body).

The pages built on these (a record's page with its buttons, the POST behind them, the record
form) are in `secpanel.web.registers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import models

from secpanel.accounts.types import Actor, Reader
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.workflow import StateMachine, Transition, apply, available, register

M = TypeVar("M", bound=ClassifiedModel)

REFUSED = "Cannot “{label}” while the status is {state}."


def register_machine(
    name: str,
    model: type[models.Model],
    transitions: Mapping[str, Transition],
    field: str = "status",
) -> StateMachine:
    """Declare (and register) a register record's machine: outline buttons by default, and
    the registers' refusal sentence."""
    return register(
        StateMachine(
            name=name,
            model=model,
            field=field,
            transitions=transitions,
            default_style="outline-primary",
            refused=REFUSED,
        )
    )


def available_transitions(
    user: Reader, obj: ClassifiedModel, machine: StateMachine
) -> list[tuple[str, Transition]]:
    """The moves `user` may make on `obj` now (secretariat of its owning body only)."""
    if not can_manage_body(user, obj.owning_body_id):
        return []
    return available(machine, obj)


def apply_transition(
    *,
    actor: Actor,
    obj: M,
    name: str,
    reason: str,
    machine: StateMachine,
    extra: Mapping[str, Any] | None = None,
    decision: Any = None,
    check: Callable[[M, Transition], None] | None = None,
) -> M:
    """Move `obj` along transition `name` of `machine`: `core.workflow.apply`, with the
    register's own `check(current, transition)` as its guard."""
    return apply(
        machine,
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        decision=decision,
        extra=extra,
        guard=check,
    )
