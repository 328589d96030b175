"""The search index: one row per classified record, kept current on every write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.contrib.contenttypes.models import ContentType
from django.db import models

from secpanel.core.classification import Classification

if TYPE_CHECKING:
    from secpanel.accounts.types import Reader


class UnscopedSearch(RuntimeError):
    """Index rows read without saying for whom (the chokepoint, for the index)."""


class SearchEntryQuerySet(models.QuerySet["SearchEntry"]):
    """Index rows carry the text of classified records, so they are read like them: a
    queryset reads no row until it is narrowed to a reader (`readable_by(user)`, the
    Panel Information Policy over the row's level, body and the record's RED distribution)
    or opened for the indexer (`for_indexing()`, `search.services` only)."""

    _search_scope: str | None = None

    def readable_by(self, user: Reader | None) -> Self:
        from secpanel.search.visibility import readable_q

        qs = self.filter(readable_q(user))
        qs._search_scope = "reader"
        return qs

    def for_indexing(self) -> Self:
        qs = self._chain()  # type: ignore[attr-defined]  # private API, not in django-stubs
        qs._search_scope = "indexer"
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # private API, not in django-stubs
        clone._search_scope = self._search_scope
        return clone

    def _require_scope(self) -> None:
        if self._search_scope is None:
            raise UnscopedSearch(
                "Search index rows read without a reader: use readable_by(user), or "
                "for_indexing() in search.services."
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def count(self) -> int:
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()


SearchEntryManager = models.Manager.from_queryset(SearchEntryQuerySet)


class SearchEntry(models.Model):
    """What search knows of one classified record (`content_type`, `object_id`): its title,
    its text (its own fields, its parts' text, the text of its uploaded files), owning body,
    level, date and address. Written only by `search.services` (the write path's signals and
    `secpanel search-index --rebuild`), in the transaction of the write it mirrors; read only
    through `readable_by(user)`. On SQLite an FTS5 table (`search_fts`) follows it by
    triggers; on PostgreSQL a generated `tsvector` column with a GIN index (migration 0001)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    owning_body = models.ForeignKey("bodies.Body", on_delete=models.CASCADE, related_name="+")
    classification = models.PositiveSmallIntegerField(choices=Classification.choices)
    date = models.DateField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    objects = SearchEntryManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_one_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["classification", "owning_body"]),
            models.Index(fields=["date"]),
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry {self.content_type_id}:{self.object_id}"
