"""Writes to the search index. Called from the write path (`search.signals`: every save and
delete of a classified record or of a part of one, inside the write's own transaction) and by
`secpanel search-index --rebuild`; nothing else writes `SearchEntry`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from secpanel.core.models import ClassifiedModel
from secpanel.search.extract import extract
from secpanel.search.models import SearchEntry
from secpanel.search.visibility import indexed_models


def index_record(instance: ClassifiedModel) -> SearchEntry:
    """Write (or rewrite) the index row of `instance` as it is now."""
    new = _entry(instance)
    values = {
        f.attname: getattr(new, f.attname)
        for f in SearchEntry._meta.concrete_fields
        if f.attname not in ("id", "content_type_id", "object_id", "indexed_at")
    }
    entry, _created = SearchEntry.objects.for_indexing().update_or_create(
        content_type_id=new.content_type_id, object_id=instance.pk, defaults=values
    )
    return entry


def unindex(model: type[ClassifiedModel], pk: int) -> None:
    ct = ContentType.objects.get_for_model(model)
    SearchEntry.objects.for_indexing().filter(content_type=ct, object_id=pk).delete()


def reindex(model: type[ClassifiedModel], pk: int) -> None:
    """Re-read the record `pk` of `model` (a part of it changed) and index it again."""
    instance = model.objects.unrestricted().filter(pk=pk).first()
    if instance is None:
        unindex(model, pk)
    else:
        index_record(instance)


def _entry(instance: ClassifiedModel) -> SearchEntry:
    found = extract(instance)
    return SearchEntry(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        title=found.title,
        body=found.body,
        owning_body_id=instance.owning_body_id,
        classification=int(instance.classification),
        date=found.date,
        url=found.url,
    )


def index_many(rows: Iterable[ClassifiedModel], batch: int = 500) -> int:
    """Index records that have no index row yet, written without a save signal (the
    generator's bulk path, `rebuild`), in batches."""
    n = 0
    pending: list[SearchEntry] = []
    for row in rows:
        pending.append(_entry(row))
        if len(pending) >= batch:
            n += len(SearchEntry.objects.for_indexing().bulk_create(pending))
            pending = []
    if pending:
        n += len(SearchEntry.objects.for_indexing().bulk_create(pending))
    return n


def _all_records(batch: int = 500) -> Iterator[ClassifiedModel]:
    for model in indexed_models():
        qs = model.objects.unrestricted().order_by("pk")
        last = 0
        while True:
            chunk = list(qs.filter(pk__gt=last)[:batch])
            if not chunk:
                break
            yield from chunk
            last = chunk[-1].pk


@transaction.atomic
def rebuild() -> int:
    """Empty the index and index every classified record again, in one transaction."""
    SearchEntry.objects.for_indexing().delete()
    return index_many(_all_records())


def sizes() -> tuple[int, int]:
    """(classified records, index rows): equal when the index is complete."""
    records = sum(m.objects.unrestricted().count() for m in indexed_models())
    return records, SearchEntry.objects.for_indexing().count()
