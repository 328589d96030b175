"""Generic reads of classified records: the only way views fetch one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent, ClassifiedModel, ClassifiedQuerySet
from secpanel.core.policy import access_profile

M = TypeVar("M", bound=ClassifiedModel)


def visible(
    model_or_qs: type[M] | models.QuerySet[M], user: Reader | None
) -> ClassifiedQuerySet[M]:
    """`model.objects.visible_to(user)`, also accepting an already-narrowed queryset."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    # a classified model's querysets are all ClassifiedQuerySets (its manager makes them)
    return cast("ClassifiedQuerySet[M]", qs).visible_to(user)


def get_visible_or_404(
    model_or_qs: type[M] | models.QuerySet[M], user: Reader | None, **lookup: Any
) -> M:
    """One record the user may read, or 404: missing and hidden look the same.

    Reading a RED record is logged like every RED read through `visible_to` (core.redreads).
    """
    try:
        return visible(model_or_qs, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc


def disclose_audit_events(user: Reader, events: Sequence[AuditEvent]) -> None:
    """Mark each event with what `user` may see of it, in place.

    An event's reason and before/after snapshots are as high as its level
    (`AuditEvent.classification`). They are shown (`event.disclosed`) when the level is
    White or none, Green to a signed-in reader, or when the user can read the subject now at
    that level: the subject is in `visible_to(user)` and is still at least that high, or the
    user could read that body's records at that level. Otherwise `event.withheld` names the
    level and the reason and snapshots are blanked on the instance, so nothing downstream
    can show them. An event with a level above Green and no readable subject is withheld.

    Each event's `subject_url` opens its subject (`core:record`) when `user` may read it now,
    else is empty: a hidden subject looks like a deleted one.

    One read per subject model among the events (not one per event).
    """
    profile = access_profile(user)
    wanted: dict[type[ClassifiedModel], set[Any]] = {}
    for event in events:
        model = _classified_subject_model(event)
        if model is None:
            continue
        with contextlib.suppress(ValidationError):  # a malformed id names no record
            wanted.setdefault(model, set()).add(model._meta.pk.to_python(event.subject_id))
    readable: dict[tuple[type[ClassifiedModel] | None, str], tuple[int, int]] = {}
    for model, pks in wanted.items():
        rows = (
            model.objects.visible_to(user)
            .filter(pk__in=pks)
            .order_by()
            .values_list("pk", "classification", "owning_body_id")
        )
        for pk, row_level, body_id in rows:
            readable[(model, str(pk))] = (row_level, body_id)
    for event in events:
        level = event.classification
        model = _classified_subject_model(event)
        readable_now = model is not None and (model, event.subject_id) in readable
        event.subject_url = (
            record_url(model._meta.label_lower, event.subject_id)
            if model is not None and readable_now
            else ""
        )
        if level is None or level == Classification.WHITE:
            disclosed = True
        elif level == Classification.GREEN:
            disclosed = not profile.anonymous
        else:
            subject = readable.get((_classified_subject_model(event), event.subject_id))
            disclosed = subject is not None and (
                subject[0] >= level or profile.may_read_level(subject[1], Classification(level))
            )
        event.disclosed = disclosed
        # withheld only when it has a level above White
        event.withheld = "" if disclosed else Classification(cast("int", level)).label
        if not disclosed:
            event.reason, event.before, event.after = "", None, None


def _classified_subject_model(event: AuditEvent) -> type[ClassifiedModel] | None:
    if not event.subject_id or event.subject_type is None:
        return None
    model = event.subject_type.model_class()
    return model if model is not None and issubclass(model, ClassifiedModel) else None


def revisions(user: Reader, record: ClassifiedModel) -> list[Any]:
    """The record's history, newest first, each revision with `disclosed_reason`: its change
    reason when `user` may read the record's body at the higher of that revision's level and
    the one before it (a reason typed while the record was Red, or for lowering it from Red,
    is a Red fact), else "Withheld (<level>)"."""
    profile = access_profile(user)
    named = profile.user_id is not None and (
        record.red_distribution.filter(pk=profile.user_id).exists()
    )
    rows = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    previous = None
    for row in rows:
        level = Classification(max(row.classification, previous or row.classification))
        previous = row.classification
        if named or profile.may_read_level(record.owning_body_id, level):
            row.disclosed_reason = row.history_change_reason or ""
        else:
            row.disclosed_reason = f"Withheld ({level.label})"
    rows.reverse()
    return rows


def readable_levels(
    user: Reader | None, refs: Iterable[tuple[str, Any]]
) -> dict[tuple[str, str], int]:
    """Which of `refs` ((model label such as "assurance.assessmentoutcome", pk) pairs) `user`
    may read and open: {(label, str(pk)): level}. Classified records are read through
    `visible_to(user)`; a record public by nature with a page of its own (a meeting, a release:
    `public_record_model`) is White to everyone. Another label, a malformed pk and a record
    hidden or missing are left out alike. One query per model named, whatever the number of
    records; levels and keys only (no record leaves the database)."""
    from django.apps import apps as django_apps

    wanted: dict[str, set[Any]] = {}
    for label, pk in refs:
        try:
            model = django_apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if not (issubclass(model, ClassifiedModel) or public_record_model(model)):
            continue
        with contextlib.suppress(ValidationError):
            wanted.setdefault(model._meta.label_lower, set()).add(model._meta.pk.to_python(pk))
    found: dict[tuple[str, str], int] = {}
    for label, pks in wanted.items():
        model = django_apps.get_model(label)
        if issubclass(model, ClassifiedModel):
            rows = (
                model.objects.visible_to(user)
                .filter(pk__in=sorted(pks))
                .order_by()
                .values_list("pk", "classification")
            )
        else:
            rows = (
                model._default_manager.filter(pk__in=sorted(pks))
                .order_by()
                .values_list("pk", models.Value(int(Classification.WHITE)))
            )
        for pk, level in rows:
            found[(label, str(pk))] = level
    return found


def public_record_model(model: type[models.Model]) -> bool:
    """A model public by nature (not classified) whose records have pages: meetings,
    releases. Everyone may open one."""
    return not issubclass(model, ClassifiedModel) and hasattr(model, "get_absolute_url")


def record_url(label: str, pk: Any) -> str:
    """The address that opens record `label`:`pk` for whoever may read it (and answers 404,
    as for a missing one, to anyone else): `core:record`."""
    from django.urls import reverse

    app_label, _, model_name = label.partition(".")
    return reverse("core:record", args=[app_label, model_name, pk])
