"""Generic write services for classified records.

Each domain app's services call these so that every write is atomic, validated, recorded in
history (actor and reason) and in the typed audit log, and re-checked for visibility.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.policy import access_profile, can_declassify, can_manage_body

M = TypeVar("M", bound=ClassifiedModel)

_SKIP = {"created_at", "updated_at"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of `instance`, JSON-ready, for audit before/after."""
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in _SKIP:
            continue
        data[f.attname] = _jsonable(getattr(instance, f.attname))
    return data


def record_event(
    *,
    kind: str,
    actor: Any,
    subject: models.Model | None = None,
    reason: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write one typed audit event. Call inside the transaction of the change it records."""
    level = getattr(subject, "classification", None)
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        classification=level,
        reason=reason,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
    )


def _event_kind(instance: models.Model, verb: str) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}_{verb}"


def _require_manager(actor: Any, instance: ClassifiedModel) -> None:
    if not can_manage_body(actor, instance.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can change its records.")


def _ensure_still_visible(actor: Any, instance: ClassifiedModel) -> None:
    # NetBox's rule: after a write, the actor must still be able to read what they wrote.
    model = type(instance)
    if not model.objects.visible_to(actor).filter(pk=instance.pk).exists():
        raise PermissionDenied("That change would put the record out of your own reach.")


def _save(instance: ClassifiedModel, actor: Any, reason: str) -> None:
    instance.full_clean()
    instance._history_user = actor
    # simple-history keeps 100 characters; the audit event keeps the whole reason.
    instance._change_reason = reason[:100]
    instance.save()


@transaction.atomic
def classified_create(
    *, actor: Any, instance: M, reason: str = "", distribution: Iterable[Any] = ()
) -> M:
    """Validate and create a classified record owned by a body the actor is secretariat of."""
    _require_manager(actor, instance)
    _save(instance, actor, reason or "Created")
    if distribution:
        instance.red_distribution.set(distribution)
    record_event(
        kind=_event_kind(instance, "created"),
        actor=actor,
        subject=instance,
        reason=reason,
        after=snapshot(instance),
    )
    access_profile(actor)  # warm cache before the visibility re-check
    _ensure_still_visible(actor, instance)
    return instance


@transaction.atomic
def classified_update(
    *,
    actor: Any,
    instance: M,
    changes: Mapping[str, Any],
    reason: str = "",
    distribution: Iterable[Any] | None = None,
) -> M:
    """Apply `changes` to `instance`, enforcing the declassification rule.

    Raising a level is an ordinary edit. Lowering one needs a reason and a chair or the
    secretariat of the owning body, and writes a `classification.declassified` event.
    """
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    _require_manager(actor, current)
    before = snapshot(current)
    for name, value in changes.items():
        setattr(instance, name, value)
    old_level = Classification(current.classification)
    new_level = Classification(instance.classification)
    if new_level < old_level:
        _check_declassify(actor, current, reason)
    if instance.owning_body_id != current.owning_body_id:
        _require_manager(actor, instance)
    _save(instance, actor, reason or "Updated")
    if distribution is not None:
        instance.red_distribution.set(distribution)
    after = snapshot(instance)
    record_event(
        kind=_event_kind(instance, "updated"),
        actor=actor,
        subject=instance,
        reason=reason,
        before=before,
        after=after,
    )
    if new_level < old_level:
        record_event(
            kind="classification.declassified",
            actor=actor,
            subject=instance,
            reason=reason,
            before={"classification": int(old_level)},
            after={"classification": int(new_level)},
        )
    elif new_level > old_level:
        record_event(
            kind="classification.raised",
            actor=actor,
            subject=instance,
            reason=reason,
            before={"classification": int(old_level)},
            after={"classification": int(new_level)},
        )
    _ensure_still_visible(actor, instance)
    return instance


def _check_declassify(actor: Any, instance: ClassifiedModel, reason: str) -> None:
    if not reason.strip():
        raise ValidationError(
            {"classification": "Lowering the classification needs a reason, which is recorded."}
        )
    if not can_declassify(actor, instance.owning_body_id):
        raise PermissionDenied(
            "Only a chair or the secretariat of the owning body can lower a classification."
        )


@transaction.atomic
def classification_change(*, actor: Any, instance: M, level: Classification, reason: str) -> M:
    """Set a record's level (raise freely, lower with a recorded reason by chair/secretariat)."""
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    old_level = Classification(current.classification)
    if level < old_level:
        _check_declassify(actor, current, reason)
    else:
        _require_manager(actor, current)
    instance.classification = level
    _save(instance, actor, reason or f"Classification set to {level.label}")
    kind = "classification.declassified" if level < old_level else "classification.raised"
    if level != old_level:
        record_event(
            kind=kind,
            actor=actor,
            subject=instance,
            reason=reason,
            before={"classification": int(old_level)},
            after={"classification": int(level)},
        )
    return instance


@transaction.atomic
def classified_delete(*, actor: Any, instance: ClassifiedModel, reason: str) -> None:
    """Delete a record; history keeps its last state, the audit log says who and why."""
    _require_manager(actor, instance)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is being deleted."})
    before = snapshot(instance)
    record_event(
        kind=_event_kind(instance, "deleted"),
        actor=actor,
        subject=instance,
        reason=reason,
        before=before,
    )
    instance._history_user = actor
    # simple-history keeps 100 characters; the audit event keeps the whole reason.
    instance._change_reason = reason[:100]
    instance.delete()
