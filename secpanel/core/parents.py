"""The records a record points at, as its reader may see them.

Django follows a forward foreign key (`decision.agenda_item`, `finding.assessment.sec_user`)
through the model's base manager, whoever is asking: a page that writes
`{{ decision.agenda_item.number }}` names an agenda item its reader may not read, and so tells
hidden apart from missing. Pages never follow a foreign key to a classified record; the view
asks here instead and hands the template what this returns (None when the reader may not read
the record, or any record on the way to it, so a hidden parent looks exactly like no parent).

    visible_parent(user, decision, "agenda_item")             # one record's parent, or None
    attach_visible_parents(user, findings, visible_party="assessment__sec_user")
                                                              # on each row: row.visible_party
    record_name(user, version)       # str(version), unless it would name a hidden document

A record whose `__str__` reads a classified parent says so (`ClassifiedModel.name_follows`);
lists of mixed records (citations, "Discussed in") name them with `{% record_name r %}`.

Records public by nature (meetings, organisations, bodies) are followed as they are; a path
through a classified record stops at the first one the reader may not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db import models

from secpanel.accounts.types import Reader
from secpanel.core.models import ClassifiedModel


def _plain_links(model: type[models.Model]) -> list[str]:
    """The forward foreign keys of `model` to records that are not classified (its body, a
    meeting, an organisation): safe to load with it, and what a page shows next to it."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one
        and not issubclass(cast("type[models.Model]", f.related_model), ClassifiedModel)
    ]


def _fetch(
    user: Reader | None, model: type[models.Model], ids: set[Any]
) -> dict[Any, models.Model]:
    if not ids:
        return {}
    qs: models.QuerySet[Any]
    if issubclass(model, ClassifiedModel):
        qs = model.objects.visible_to(user)
    else:
        qs = model._default_manager.all()
    qs = qs.filter(pk__in=sorted(ids)).select_related(*_plain_links(model))
    return {obj.pk: obj for obj in qs}


def _resolve(user: Reader | None, rows: list[Any], path: str) -> list[Any]:
    """The record at the end of `path` for each of `rows` (None where the reader may not read
    it or any classified record on the way, or where a link is empty)."""
    current: list[Any] = list(rows)
    model: type[models.Model] | None = type(rows[0]) if rows else None
    for step in path.split("__"):
        if model is None:
            break
        field = model._meta.get_field(step)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise ValueError(f"{model.__name__}.{step} is not a forward foreign key.")
        target = cast("type[models.Model]", field.related_model)  # a foreign key's: a model
        ids = {getattr(obj, field.attname) for obj in current if obj is not None} - {None}
        found = _fetch(user, target, ids)
        current = [
            found.get(getattr(obj, field.attname)) if obj is not None else None for obj in current
        ]
        model = target
    return current


def attach_visible_parents(user: Reader | None, rows: Iterable[Any], **paths: str) -> list[Any]:
    """For every row and every `name=path` (foreign keys joined by "__"), set `row.<name>` to
    the record at the end of `path` if `user` may read every classified record along it, else
    None. One query per step of each path, whatever the number of rows.

    Returns the classified records it revealed (for the page's banner level)."""
    rows = list(rows)
    revealed: dict[tuple[type, Any], Any] = {}
    for name, path in paths.items():
        for row, parent in zip(rows, _resolve(user, rows, path), strict=True):
            setattr(row, name, parent)
            if isinstance(parent, ClassifiedModel):
                revealed[(type(parent), parent.pk)] = parent
    return list(revealed.values())


def visible_parent(user: Reader | None, obj: Any, path: str) -> Any:
    """The record at the end of `path` from `obj` if `user` may read it (and every classified
    record on the way), else None."""
    if obj is None:
        return None
    return _resolve(user, [obj], path)[0]


def record_name(user: Reader | None, obj: Any) -> str:
    """What to call `obj` on a page for `user`: `str(obj)`, unless its name is made of a record
    the user may not read (`name_follows`: a document version is named after its document, an
    assessment after its User); then `obj.name_without_parents()`."""
    for path in getattr(obj, "name_follows", ()):
        if visible_parent(user, obj, path) is None:
            return obj.name_without_parents()
    return str(obj)
