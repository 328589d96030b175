"""The index follows every write: a save or delete of a classified record (whatever saved it:
the core services, `core.workflow.apply`, demo loaders, the import) or of one of its parts
(a paper's file or recommendation, a modification's event) updates its index row in the same
transaction. Raw saves (fixtures) are skipped; the generator's bulk path calls
`services.index_many`; `secpanel search-index --rebuild` rebuilds it all."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from secpanel.search import services
from secpanel.search.extract import part_owner
from secpanel.search.visibility import indexed_models

_PARTS = (
    "meetings.PaperVersion",
    "meetings.Recommendation",
    "modifications.ModificationEvent",
    "reports.ReportVersion",
)


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if sender in indexed_models():
        services.index_record(instance)
    elif sender._meta.label in _PARTS:
        owner = part_owner(instance)
        if owner is not None:
            services.reindex(*owner)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender in indexed_models():
        services.unindex(sender, instance.pk)
    elif sender._meta.label in _PARTS:
        owner = part_owner(instance)
        if owner is not None:
            services.reindex(*owner)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="secpanel.search.saved")
    post_delete.connect(_deleted, dispatch_uid="secpanel.search.deleted")
