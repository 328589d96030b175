"""Generic write services for classified records.

Each domain app's services call these so that every write is atomic, validated, recorded in
history (actor and reason) and in the typed audit log, and re-checked for visibility.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.leaks import MIN_TERM_LENGTH, normalise_term
from secpanel.core.models import AuditEvent, ClassifiedModel, SensitiveTerm
from secpanel.core.policy import access_profile, can_declassify, can_manage_body

M = TypeVar("M", bound=ClassifiedModel)

REASON_NEEDED = "Lowering the classification needs a reason, which is recorded."

_SKIP = {"created_at", "updated_at"}
# Never copied into the audit log, whoever may read it (an account's password hash).
_SECRET = {"password"}


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
        if f.name in _SKIP or f.name in _SECRET:
            continue
        data[f.attname] = _jsonable(getattr(instance, f.attname))
    return data


def record_event(
    *,
    kind: str,
    actor: Actor | None,  # None: a server administrator's command (`secpanel membership`)
    subject: models.Model | None = None,
    reason: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    level: int | None = None,
) -> AuditEvent:
    """Write one typed audit event. Call inside the transaction of the change it records.

    The event's level is that of what it holds (its reason and snapshots): the subject's
    level, or `level` when the event also carries something higher (the record's level
    before it was lowered, the record a citation points at) or has no subject but carries
    classified content. Never below the subject's. The audit log shows the reason and the
    snapshots only to readers of that level.
    """
    levels = [getattr(subject, "classification", None), level]
    known = [int(v) for v in levels if v is not None]
    level = max(known) if known else None
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


def require_manager(actor: Actor, instance: ClassifiedModel) -> None:
    if not can_manage_body(actor, instance.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can change its records.")


def _require_attachable(
    actor: Actor, instance: ClassifiedModel, current: ClassifiedModel | None = None
) -> None:
    """A record points only at records of bodies the actor runs (a version under its own
    body's document, an outcome citing its own body's decision): every foreign key to a
    classified record that is set or changed must name one the actor may read *and* whose
    body they are secretariat of. Hidden and foreign give the same field error.

    A model names in `cited_links` the foreign keys that only *refer to* another body's record
    (advice on a modification): those need the record to be readable, not run by the actor."""
    cited = getattr(instance, "cited_links", ())
    for field in instance._meta.concrete_fields:
        target = field.related_model if field.many_to_one else None
        if not (isinstance(target, type) and issubclass(target, ClassifiedModel)):
            continue
        value = getattr(instance, field.attname)
        if value is None or (current is not None and getattr(current, field.attname) == value):
            continue
        if field.name in cited:
            require_readable(actor, target, value, field.name)
            continue
        require_attachable(actor, target, value, field.name)


def require_readable(actor: Actor, model: type[ClassifiedModel], pk: Any, field: str) -> None:
    """Refuse (a field error) a reference to a record the actor may not read."""
    if not model.objects.visible_to(actor).filter(pk=pk).exists():
        raise ValidationError({field: f"Choose a {model._meta.verbose_name} you can see."})


def require_attachable(actor: Actor, model: type[ClassifiedModel], pk: Any, field: str) -> None:
    """Refuse (a field error) a link to a record the actor may not read or whose body they
    do not run; one message for both, so the error tells nothing about hidden records."""
    body_id = (
        model.objects.visible_to(actor)
        .filter(pk=pk)
        .values_list("owning_body_id", flat=True)
        .first()
    )
    if body_id is None or not can_manage_body(actor, body_id):
        raise ValidationError({field: f"Choose a {model._meta.verbose_name} of a body you run."})


def _ensure_still_visible(actor: Actor, instance: ClassifiedModel) -> None:
    # NetBox's rule: after a write, the actor must still be able to read what they wrote.
    model = type(instance)
    if not model.objects.visible_to(actor).filter(pk=instance.pk).exists():
        raise PermissionDenied("That change would put the record out of your own reach.")


def _save(instance: ClassifiedModel, actor: Actor, reason: str) -> None:
    instance.full_clean()
    instance._history_user = actor
    # simple-history keeps 100 characters; the audit event keeps the whole reason.
    instance._change_reason = reason[:100]
    instance.save()


@transaction.atomic
def classified_create(
    *, actor: Actor, instance: M, reason: str = "", distribution: Iterable[Any] = ()
) -> M:
    """Validate and create a classified record owned by a body the actor is secretariat of."""
    require_manager(actor, instance)
    _require_attachable(actor, instance)
    _check_floor(Classification(instance.classification), instance)
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
    actor: Actor,
    instance: M,
    changes: Mapping[str, Any],
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    event_kind: str = "",
    event_level: int | None = None,
) -> M:
    """Apply `changes` to `instance`, enforcing the declassification rule.

    The change is one audit event: `<app>.<model>_updated`, or `event_kind` when the caller
    names what happened (`core.workflow.apply`: `<app>.<model>_<transition>`), at the higher of
    the record's old level and `event_level`.

    Raising a level is an ordinary edit. Lowering one needs a reason and a chair or the
    secretariat of every body whose content the record carries (`content_body_ids`), and
    writes a `classification.declassified` event. No one may go below `classification_floor`.
    """
    model = type(instance)
    current = model.objects.unrestricted().select_for_update().get(pk=instance.pk)
    require_manager(actor, current)
    before = snapshot(current)
    for name, value in changes.items():
        setattr(instance, name, value)
    old_level = Classification(current.classification)
    new_level = Classification(instance.classification)
    if new_level != old_level:
        _check_floor(new_level, current, instance)
    if new_level < old_level:
        _check_declassify(actor, current, reason, also=instance)
    if instance.owning_body_id != current.owning_body_id:
        require_manager(actor, instance)
    _require_attachable(actor, instance, current)
    _save(instance, actor, reason or "Updated")
    if distribution is not None:
        _set_distribution(actor, instance, distribution, reason)
    after = snapshot(instance)
    record_event(
        kind=event_kind or _event_kind(instance, "updated"),
        actor=actor,
        subject=instance,
        reason=reason,
        before=before,
        after=after,
        # the before-snapshot is at the old level; a caller's event may name something higher
        level=max(int(old_level), int(event_level or 0)),
    )
    _record_level_change(actor, instance, old_level, new_level, reason)
    _ensure_still_visible(actor, instance)
    return instance


def _record_level_change(
    actor: Actor, instance: ClassifiedModel, old: Classification, new: Classification, reason: str
) -> None:
    """`classification.declassified` or `classification.raised`, when the level moved. The
    event is at the higher of the two levels (the reason is about the record at its old one)."""
    if new == old:
        return
    record_event(
        kind="classification.declassified" if new < old else "classification.raised",
        actor=actor,
        subject=instance,
        reason=reason,
        before={"classification": int(old)},
        after={"classification": int(new)},
        level=old,
    )


def _set_distribution(
    actor: Actor, instance: ClassifiedModel, distribution: Iterable[Any], reason: str
) -> None:
    """Set who is named on the record's RED distribution; a change is its own typed event
    (who was added and who removed), at the record's level."""
    old = set(instance.red_distribution.values_list("pk", flat=True))
    new = {getattr(person, "pk", person) for person in distribution}
    if old == new:
        return
    instance.red_distribution.set(sorted(new))
    record_event(
        kind="classification.distribution_changed",
        actor=actor,
        subject=instance,
        reason=reason,
        before={"red_distribution": sorted(old)},
        after={"red_distribution": sorted(new)},
    )


def _check_floor(level: Classification, *states: ClassifiedModel) -> None:
    """Refuse, for everyone, a level below what the record carries (`classification_floor`):
    a Panel edition with a Red appendix is never below Red, a paper never below what it
    includes. `states` are the record as stored and as about to be saved."""
    floors = [(Classification(s.classification_floor()), s) for s in states]
    floor, state = max(floors, key=lambda pair: int(pair[0]))
    if level < floor:
        raise ValidationError({"classification": state.classification_floor_message(floor)})


def _check_declassify(
    actor: Actor, instance: ClassifiedModel, reason: str, *, also: ClassifiedModel | None = None
) -> None:
    """Lowering a level needs a reason and a chair or the secretariat of *every* body whose
    content the record carries (`content_body_ids`: the owning body, and for a composite
    record such as an issued Panel paper file, every body whose records fill it)."""
    if not reason.strip():
        raise ValidationError({"classification": REASON_NEEDED})
    if not can_declassify(actor, instance.owning_body_id):
        raise PermissionDenied(
            "Only a chair or the secretariat of the owning body can lower a classification."
        )
    bodies = set(instance.content_body_ids())
    if also is not None:
        bodies |= also.content_body_ids()
    missing = sorted(b for b in bodies if b is not None and not can_declassify(actor, b))
    if missing:
        # Bodies and their names are public; their model through the record's own field.
        bodies_model = type(instance)._meta.get_field("owning_body").related_model
        names = ", ".join(
            bodies_model._default_manager.filter(pk__in=missing)
            .order_by("name")
            .values_list("name", flat=True)
        )
        raise PermissionDenied(
            f"It carries records of {names}: lowering its level needs a chair or the "
            "secretariat of every body whose records are in it."
        )


@transaction.atomic
def classification_change(*, actor: Actor, instance: M, level: Classification, reason: str) -> M:
    """Set a record's level: raise freely (secretariat), lower with a recorded reason (chair or
    secretariat of every body in `content_body_ids`); never below `classification_floor`."""
    model = type(instance)
    current = model.objects.unrestricted().select_for_update().get(pk=instance.pk)
    old_level = Classification(current.classification)
    if level != old_level:
        _check_floor(level, current, instance)
    if level < old_level:
        _check_declassify(actor, current, reason, also=instance)
    else:
        require_manager(actor, current)
    instance.classification = level
    _save(instance, actor, reason or f"Classification set to {level.label}")
    _record_level_change(actor, instance, old_level, Classification(level), reason)
    _ensure_still_visible(actor, instance)
    return instance


@transaction.atomic
def classified_delete(*, actor: Actor, instance: ClassifiedModel, reason: str) -> None:
    """Delete a record; history keeps its last state, the audit log says who and why."""
    require_manager(actor, instance)
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


@transaction.atomic
def plain_save(
    *,
    actor: Actor | None,  # None: a server administrator's command (`secpanel import`)
    instance: models.Model,
    reason: str,
    kind: str = "",
) -> models.Model:
    """Validate, history-keep and audit a change to a plain (unclassified) record, such as the
    configuration the admin console edits: `full_clean`, history with actor and reason, then a
    `<app>.<model>_created` or `_updated` event with the stored state before and the state
    after, all in one transaction (`kind` names the event when the caller knows better, e.g.
    `meetings.paper_series_set`). Classified records go through `classified_create/update`."""
    if isinstance(instance, ClassifiedModel):
        raise TypeError(f"{type(instance).__name__} is classified: use classified_create/update.")
    stored = None
    if instance.pk is not None:
        stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    before = snapshot(stored) if stored is not None else None
    instance.full_clean()
    instance._history_user = actor  # type: ignore[attr-defined]  # simple-history's, any model
    # simple-history keeps 100 characters; the audit event keeps the whole reason.
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]
    instance.save()
    record_event(
        kind=kind or _event_kind(instance, "updated" if stored is not None else "created"),
        actor=actor,
        subject=instance,
        reason=reason,
        before=before,
        after=snapshot(instance),
    )
    return instance


# -- sensitive terms (core.leaks) ------------------------------------------------------------
def _term_owner(term: SensitiveTerm) -> tuple[int | None, Classification | None]:
    """(owning body, level) of what a term reveals: its subject record now, or its own."""
    if term.subject_type is None:
        return term.owning_body_id, Classification(term.level) if term.level else None
    model = term.subject_type.model_class()
    if model is None or not issubclass(model, ClassifiedModel):
        return None, None
    row = (
        model._default_manager.unrestricted()
        .filter(pk=term.subject_id)
        .values_list("owning_body_id", "classification")
        .first()
    )
    return (row[0], Classification(row[1])) if row else (None, None)


@transaction.atomic
def sensitive_term_add(
    *,
    actor: Actor,
    term: str,
    reason: str,
    subject: ClassifiedModel | None = None,
    owning_body: Any = None,
    level: Classification | None = None,
) -> SensitiveTerm:
    """Declare `term` sensitive: about `subject` (as sensitive as that record is), or free
    standing for `owning_body` at `level` (Amber or Red). Secretariat of the body only;
    history and a `core.sensitive_term_added` event."""
    text = normalise_term(term)
    errors: dict[str, str] = {}
    if len(text) < MIN_TERM_LENGTH:
        errors["term"] = f"A term needs at least {MIN_TERM_LENGTH} characters."
    if not reason.strip():
        errors["reason"] = "Say why the term is sensitive; it is kept."
    if subject is None and (level is None or int(level) < Classification.AMBER):
        errors["level"] = "A term without a record guards Amber or Red content."
    if subject is None and owning_body is None:
        errors["owning_body"] = "Say which body's content the term reveals."
    if errors:
        raise ValidationError(errors)
    body_id = subject.owning_body_id if subject is not None else owning_body.pk
    if not can_manage_body(actor, body_id):
        raise PermissionDenied("Only the secretariat of the owning body can declare its terms.")
    obj = SensitiveTerm(
        term=text,
        reason=reason,
        added_by=actor,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        owning_body_id=None if subject is not None else body_id,
        level=None if subject is not None else int(cast("Classification", level)),  # checked
    )
    same = SensitiveTerm.objects.filter(
        term__iexact=text,
        subject_type=obj.subject_type,
        subject_id=obj.subject_id,
        owning_body_id=obj.owning_body_id,
    )
    if same.exists():
        raise ValidationError({"term": "That term is already declared here."})
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason[:100]
    obj.save()
    _body, guarded = _term_owner(obj)
    record_event(
        kind="core.sensitive_term_added",
        actor=actor,
        subject=obj,
        reason=reason,
        after=snapshot(obj),
        level=guarded,
    )
    return obj


@transaction.atomic
def sensitive_term_remove(*, actor: Actor, term: SensitiveTerm, reason: str) -> None:
    """Withdraw a term (history keeps it; `core.sensitive_term_removed`)."""
    body_id, guarded = _term_owner(term)
    if body_id is None or not can_manage_body(actor, body_id):
        raise PermissionDenied("Only the secretariat of the owning body can withdraw its terms.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the term is no longer sensitive."})
    record_event(
        kind="core.sensitive_term_removed",
        actor=actor,
        subject=term,
        reason=reason,
        before=snapshot(term),
        level=guarded,
    )
    term._history_user = actor
    term._change_reason = reason[:100]
    term.delete()
