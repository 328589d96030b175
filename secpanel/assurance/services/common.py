"""Helpers shared by the assurance services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import (
    classification_change,
)
from secpanel.core.workflow import StateMachine, apply

RED = Classification.RED
RAISED_WITH_PARTY = "Raised with the record it names the Party of"


def _inherit(parent: ClassifiedModel, distribution: Iterable[Any] | None) -> list[Any]:
    if distribution is not None:
        return list(distribution)
    return list(parent.red_distribution.all())


def _raise_to(actor: Actor, records: Iterable[ClassifiedModel], level: int, reason: str) -> None:
    for record in records:
        if record.classification < level:
            classification_change(
                actor=actor,
                instance=record,
                level=Classification(level),
                reason=reason or RAISED_WITH_PARTY,
            )


M = TypeVar("M", bound=ClassifiedModel)


def _move(
    *,
    actor: Actor,
    obj: M,
    machine: StateMachine,
    name: str,
    reason: str,
    on: datetime.date | None,
) -> M:
    return apply(machine, actor=actor, obj=obj, name=name, reason=reason, on=on)
