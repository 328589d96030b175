"""Links between records across apps, read with the viewer's visibility applied to both ends.

cite(actor=..., source=highlight, target=modification)
cited_by(user, modification)   -> the records citing it that `user` may read
citations_of(user, highlight)  -> the records it cites that `user` may read
citations_of_each(user, highlights) -> {highlight pk: the records it cites}, in one go
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from secpanel.accounts.types import Actor, Reader
from secpanel.core.models import Citation, ClassifiedModel, ClassifiedQuerySet
from secpanel.core.services import record_event


def _followable(model: type[models.Model], paths: Iterable[str]) -> list[str]:
    """The `paths` that are chains of forward foreign keys of `model` to public (unclassified)
    records, such as `owning_body` or `meeting__body`: read in the same query. A classified
    parent is never read this way (it is read through `visible_to`, see `core.parents`)."""
    keep: list[str] = []
    for path in paths:
        current = model
        for name in path.split("__"):
            try:
                f = current._meta.get_field(name)
            except FieldDoesNotExist:
                break
            related = f.related_model
            if not (f.many_to_one or f.one_to_one) or not f.concrete or related is None:
                break
            if isinstance(related, str) or issubclass(related, ClassifiedModel):
                break
            current = related
        else:
            keep.append(path)
    return keep


def _visible_objects(
    user: Reader, pairs: list[tuple[int, int]], follow: Iterable[str] = ()
) -> list[models.Model]:
    by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, obj_id in pairs:
        by_type[type_id].append(obj_id)
    found: list[models.Model] = []
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        qs: models.QuerySet[Any] = model._default_manager.filter(pk__in=ids)
        paths = _followable(model, follow)
        if paths:
            qs = qs.select_related(*paths)
        if issubclass(model, ClassifiedModel):
            qs = cast("ClassifiedQuerySet[Any]", qs).visible_to(user)
        found.extend(qs)
    return found


@transaction.atomic
def cite(
    *, actor: Actor | None, source: models.Model, target: models.Model, note: str = ""
) -> Citation:
    """Record that `source` cites `target` (idempotent). Audited."""
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


def cited_by(user: Reader, target: models.Model, follow: Iterable[str] = ()) -> list[models.Model]:
    """The records citing `target` that `user` may read; `follow`: their public parents to
    read with them, where a record has them (`owning_body`, `meeting__body`)."""
    rows = Citation.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).values_list("source_type_id", "source_id")
    return _visible_objects(user, list(rows), follow)


def citations_of(user: Reader, source: models.Model) -> list[models.Model]:
    """The records `source` cites that `user` may read."""
    rows = Citation.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).values_list("target_type_id", "target_id")
    return _visible_objects(user, list(rows))


def citations_of_each(
    user: Reader, sources: Sequence[models.Model]
) -> dict[Any, list[models.Model]]:
    """`citations_of` for many sources of one model at once (source pk -> the records it
    cites that `user` may read), in one query for the citations and one per cited model."""
    if not sources:
        return {}
    rows = list(
        Citation.objects.filter(
            source_type=ContentType.objects.get_for_model(sources[0]),
            source_id__in=[s.pk for s in sources],
        ).values_list("source_id", "target_type_id", "target_id")
    )
    visible = {
        (ContentType.objects.get_for_model(obj).pk, obj.pk): obj
        for obj in _visible_objects(user, [(type_id, obj_id) for _, type_id, obj_id in rows])
    }
    cited: dict[Any, list[models.Model]] = {s.pk: [] for s in sources}
    for source_id, type_id, obj_id in rows:
        target = visible.get((type_id, obj_id))
        if target is not None:
            cited[source_id].append(target)
    return cited
