"""Reads of the search index, always for a reader.

`search(user, text, filters, page)`: the rows `user` may read (`SearchEntry.objects
.readable_by(user)`: the policy over the row's level and body, the record's live RED
distribution) that match `text` (`search.backends`), filtered, counted per facet, ranked and
paginated. The rows of the page shown are then read through `Model.objects.visible_to(user)`,
one query per kind of record on the page: a row the index got wrong is dropped, never shown,
and RED records shown are logged as read (`core.redreads`), as every page logs them.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, F, QuerySet
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.selectors import visible
from secpanel.search.backends import Query, backend, parse
from secpanel.search.highlight import marked, snippet, word_pattern
from secpanel.search.models import SearchEntry
from secpanel.search.visibility import indexed_models

log = logging.getLogger(__name__)

PER_PAGE = 20


def kind_key(model: type[models.Model]) -> str:
    """A kind of record as the page's `kind` filter names it: `meetings.highlight`."""
    return model._meta.label_lower


def kind_choices() -> list[tuple[str, str]]:
    """(key, plural name) of every kind of record search covers, by name."""
    pairs = [(kind_key(m), str(m._meta.verbose_name_plural)) for m in indexed_models()]
    return sorted(pairs, key=lambda pair: pair[1].lower())


@dataclass(frozen=True)
class Filters:
    body_id: int | None = None
    kind: str | None = None  # kind_key
    level: Classification | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class Facet:
    value: str
    label: str
    count: int
    active: bool


@dataclass
class Hit:
    entry: SearchEntry
    kind: str
    title: SafeString
    snippet: SafeString
    level: Classification
    body: Body | None


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    page: Page | None = None
    total: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)

    @property
    def searched(self) -> bool:
        """There were words to look for (else the page shows only the form)."""
        return not self.query.empty

    @property
    def level(self) -> Classification:
        """The highest level shown (the page's banner)."""
        return Classification.high_water(h.level for h in self.hits)


def _filtered(qs: QuerySet[SearchEntry], filters: Filters, skip: str = "") -> QuerySet[SearchEntry]:
    if filters.body_id is not None and skip != "body":
        qs = qs.filter(owning_body_id=filters.body_id)
    if filters.kind and skip != "kind":
        app_label, model = filters.kind.split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if filters.level is not None and skip != "level":
        qs = qs.filter(classification=filters.level)
    if filters.date_from is not None:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(date__lte=filters.date_to)
    return qs


def _counted(
    matched: QuerySet[SearchEntry], filters: Filters, bodies: dict[int, Body]
) -> tuple[int, dict[str, list[Facet]]]:
    """The total and the counts per body, kind and level of the reader's matching rows (each
    facet under the other filters), summed in Python from one GROUP BY (kind, body, level)
    under the date filters: what a reader may not read is in no count."""
    groups = (
        _filtered(matched, Filters(date_from=filters.date_from, date_to=filters.date_to))
        .values_list("content_type_id", "owning_body_id", "classification")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = 0
    by_body: Counter[int] = Counter()
    by_kind: Counter[int] = Counter()
    by_level: Counter[int] = Counter()
    for ct_id, body_id, level, n in groups:
        ct = ContentType.objects.get_for_id(ct_id)
        body_ok = filters.body_id is None or body_id == filters.body_id
        kind_ok = not filters.kind or f"{ct.app_label}.{ct.model}" == filters.kind
        level_ok = filters.level is None or level == filters.level
        if kind_ok and level_ok:
            by_body[body_id] += n
        if body_ok and level_ok:
            by_kind[ct_id] += n
        if body_ok and kind_ok:
            by_level[level] += n
            if level_ok:
                total += n
    facets: dict[str, list[Facet]] = {}
    facets["body"] = sorted(
        (
            Facet(bodies[b].code, bodies[b].short_name, n, filters.body_id == b)
            for b, n in by_body.items()
            if b in bodies
        ),
        key=lambda f: (-f.count, f.label),
    )
    names = dict(kind_choices())
    kinds = []
    for ct_id, n in by_kind.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        key = kind_key(model)
        kinds.append(Facet(key, names.get(key, key), n, filters.kind == key))
    facets["kind"] = sorted(kinds, key=lambda f: (-f.count, f.label))
    facets["level"] = sorted(
        (
            Facet(
                Classification(level).name.lower(),
                Classification(level).label,
                n,
                filters.level == level,
            )
            for level, n in by_level.items()
        ),
        key=lambda f: -Classification[f.value.upper()],
    )
    return total, facets


class _CountedPaginator(Paginator):
    """A paginator told its count (summed from the facets' GROUP BY): no COUNT query."""

    def __init__(self, object_list: QuerySet[SearchEntry], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _confirmed(user: Reader | None, entries: list[SearchEntry]) -> list[SearchEntry]:
    """The entries whose records `user` reads through `visible_to` (one query per kind)."""
    by_type: dict[int, list[SearchEntry]] = defaultdict(list)
    for e in entries:
        by_type[e.content_type_id].append(e)
    readable: set[tuple[int, int]] = set()
    for ct_id, rows in by_type.items():
        model: Any = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        ids = [r.object_id for r in rows]
        # Unordered: the page keeps the index's order, and a model's default order (an agenda
        # item's by its meeting's start) would join and sort, and on SQLite walk the public's
        # whole (classification, ...) index instead of the page's primary keys.
        confirmed = visible(model, user).filter(pk__in=ids).order_by()
        for record in confirmed.only("pk", "classification"):
            readable.add((ct_id, record.pk))
    kept = [e for e in entries if (e.content_type_id, e.object_id) in readable]
    if len(kept) != len(entries):
        log.warning("search: %d index rows not readable as indexed", len(entries) - len(kept))
    return kept


def search(
    user: Reader | None,
    text: str,
    filters: Filters,
    page_number: int = 1,
    *,
    bodies: dict[int, Body] | None = None,
) -> Results:
    """The page `page_number` of what `user` may read matching `text` under `filters`
    (`bodies`: every body by id, when the caller has read them already)."""
    query = parse(text)
    results = Results(query=query)
    if query.empty:
        return results
    engine = backend()
    matched = engine.match(SearchEntry.objects.readable_by(user), query)
    if bodies is None:
        bodies = {b.pk: b for b in Body.objects.all()}
    total, facets = _counted(matched, filters, bodies)
    rows = engine.ranked(_filtered(matched, filters), query).order_by(
        F("rank").desc(), "-date", "-id"
    )
    page = _CountedPaginator(rows, PER_PAGE, total).get_page(page_number)
    entries = _confirmed(user, list(page.object_list)) if total else []
    pattern = word_pattern(query.words)
    names = dict(kind_choices())
    for e in entries:
        model = ContentType.objects.get_for_id(e.content_type_id).model_class()
        results.hits.append(
            Hit(
                entry=e,
                kind=names.get(kind_key(model), "") if model else "",
                title=marked(e.title, pattern),
                snippet=snippet(e.body, pattern),
                level=Classification(e.classification),
                body=bodies.get(e.owning_body_id),
            )
        )
    results.page = page
    results.total = total
    results.facets = facets
    return results
