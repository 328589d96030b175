"""Links between records across apps, read with the viewer's visibility applied to both ends.

cite(actor=..., source=highlight, target=modification)
cited_by(user, modification)   -> the records citing it that `user` may read
citations_of(user, highlight)  -> the records it cites that `user` may read
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from secpanel.core.models import Citation, ClassifiedModel


def _visible_objects(user: Any, pairs: list[tuple[int, int]]) -> list[models.Model]:
    by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, obj_id in pairs:
        by_type[type_id].append(obj_id)
    found: list[models.Model] = []
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        qs = model._default_manager.filter(pk__in=ids)
        if issubclass(model, ClassifiedModel):
            qs = qs.visible_to(user)
        found.extend(qs)
    return found


@transaction.atomic
def cite(*, actor: Any, source: models.Model, target: models.Model, note: str = "") -> Citation:
    """Record that `source` cites `target` (idempotent). Audited."""
    from secpanel.core.services import record_event

    citation, created = Citation.objects.get_or_create(
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"note": note},
    )
    if created:
        record_event(
            kind="core.citation_added",
            actor=actor,
            subject=source,
            after={"target_type": citation.target_type_id, "target_id": target.pk},
            # the event names the target too: it is as high as the higher of the two
            level=getattr(target, "classification", None),
        )
    return citation


def cited_by(user: Any, target: models.Model) -> list[models.Model]:
    """The records citing `target` that `user` may read."""
    rows = Citation.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).values_list("source_type_id", "source_id")
    return _visible_objects(user, list(rows))


def citations_of(user: Any, source: models.Model) -> list[models.Model]:
    """The records `source` cites that `user` may read."""
    rows = Citation.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).values_list("target_type_id", "target_id")
    return _visible_objects(user, list(rows))
