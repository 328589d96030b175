"""Helpers shared by the assurance services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secpanel.assurance.policies import Transition
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.services import (
    classification_change,
    classified_update,
    record_event,
)

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
    machine: dict[str, Transition],
    name: str,
    reason: str,
    on: datetime.date | None,
    event_prefix: str,
) -> ClassifiedModel:
    transition = machine.get(name)
    if transition is None:
        raise ValidationError({"status": f"There is no transition called “{name}”."})
    if not can_manage_body(actor, obj.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can change its records.")
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if current.status not in transition.source:
        raise ValidationError(
            {
                "status": f"“{transition.label}” is not possible while the record is "
                f"{current.get_status_display().lower()}."
            }
        )
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
