"""Helpers shared by the assurance services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.services import (
    classification_change,
    classified_update,
    record_event,
)
from secpanel.core.workflow import StateMachine, check

RED = Classification.RED


def _inherit(parent: ClassifiedModel, distribution: Iterable[Any] | None) -> list[Any]:
    if distribution is not None:
        return list(distribution)
    return list(parent.red_distribution.all())


def _raise_to(actor: Any, records: Iterable[ClassifiedModel], level: int, reason: str) -> None:
    for record in records:
        if record.classification < level:
            classification_change(
                actor=actor,
                instance=record,
                level=Classification(level),
                reason=reason or "Raised with the record it names the Party of",
            )


def _move(
    *,
    actor: Any,
    obj: ClassifiedModel,
    machine: StateMachine,
    name: str,
    reason: str,
    on: datetime.date | None,
    event_prefix: str,
) -> ClassifiedModel:
    if not can_manage_body(actor, obj.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can change its records.")
    current = type(obj).objects.unrestricted().select_for_update().get(pk=obj.pk)
    transition = check(machine, current, name, reason=reason)
    changes: dict[str, Any] = {"status": transition.target}
    if transition.date_field:
        changes[transition.date_field] = (
            on or getattr(current, transition.date_field) or timezone.localdate()
        )
    before = current.status
    obj = classified_update(
        actor=actor, instance=obj, changes=changes, reason=reason or transition.label
    )
    record_event(
        kind=f"assurance.{event_prefix}_{name}",
        actor=actor,
        subject=obj,
        reason=reason,
        before={"status": before},
        after={"status": transition.target},
    )
    return obj
