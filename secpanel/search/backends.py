"""One interface over the database's own full-text search, chosen by the vendor:

- SQLite (the embedded database): an FTS5 table `search_fts` (porter stemming, unicode61)
  kept equal to `search_searchentry` by triggers; ranked by `bm25` (title weighted 5:1);
- PostgreSQL (production): a generated `tsvector` column `search_vector` (English, title
  weight A, text B) with a GIN index; the query built from `plainto_tsquery` /
  `phraseto_tsquery` (`tsquery_sql`), matched in a subquery the planner cannot merge with
  the reader's filter (decisions/0026), ranked by `ts_rank`.

Both take what a person types the same way (`parse`): words (all must match, in any form of
the word), "quoted phrases", `-word` to exclude, `OR` between alternatives. A word with
hyphens or dots (CANARY-RED-1a2b, v1.2) is a phrase of its parts. The database's schema for
both is made by the app's migration 0002.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.datastructures import BaseTable

from secpanel.search.models import SearchEntry

_TOKEN_RE = re.compile(r'-?"[^"]*"?|\S+')
_WORD_RE = re.compile(r"\w+", re.UNICODE)
#: At most this many terms are used (the rest of a pasted paragraph is ignored).
MAX_TERMS = 32


@dataclass(frozen=True)
class Phrase:
    """One thing typed: its words (lower case: what both engines and the highlighter read),
    the text as typed, and whether it was quoted (a phrase on PostgreSQL)."""

    words: list[str]
    raw: str
    quoted: bool = False


@dataclass(frozen=True)
class Query:
    """What a person asked for: groups of alternatives, all groups required; and phrases
    that must not appear."""

    text: str
    groups: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def words(self) -> list[str]:
        """The words to mark in what is shown (not the excluded ones)."""
        return [w for group in self.groups for phrase in group for w in phrase.words]


def parse(text: str) -> Query:
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    pending_or = False
    count = 0
    for token in _TOKEN_RE.findall(text):
        if token == "OR":
            pending_or = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        body = token[1:] if negative else token
        quoted = body.startswith('"')
        raw = " ".join(body.replace('"', " ").split())
        words = [w.lower() for w in _WORD_RE.findall(raw)]
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        phrase = Phrase(words=words, raw=raw, quoted=quoted)
        if negative:
            excluded.append(phrase)
        elif pending_or:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        pending_or = False
    return Query(text=text, groups=groups, excluded=excluded)


class SearchBackend(Protocol):
    vendor: str

    def match(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        """`qs` narrowed to the rows matching `query`."""
        ...

    def ranked(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        """`qs` (from `match`) annotated with `rank`, higher for a better match."""
        ...


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.words) + '"'  # words are \w+ only: nothing to escape


def fts5_expression(query: Query) -> str:
    groups = []
    for group in query.groups:
        alts = [_fts5_phrase(p) for p in group]
        groups.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expression = " AND ".join(groups)
    for phrase in query.excluded:
        expression = f"({expression}) NOT {_fts5_phrase(phrase)}"
    return expression


def tsquery_sql(query: Query) -> tuple[str, list[str]]:
    """The query as a PostgreSQL tsquery expression and its parameters: a quoted phrase
    through `phraseto_tsquery`, anything else through `plainto_tsquery` (its words, in any
    order: the parser reads `MARK-agenda_item-RED-x` as compounds and parts at positions a
    phrase of the parts would not match), `||` between alternatives, `&&` between groups,
    `&& !!` before what is excluded. Only the parsed words reach the database."""

    def one(phrase: Phrase) -> tuple[str, str]:
        fn = "phraseto_tsquery" if phrase.quoted else "plainto_tsquery"
        return f"{fn}('english', %s)", " ".join(phrase.words)

    parts: list[str] = []
    params: list[str] = []
    for group in query.groups:
        alts = [one(p) for p in group]
        parts.append("(" + " || ".join(sql for sql, _ in alts) + ")")
        params.extend(word for _, word in alts)
    for phrase in query.excluded:
        sql, word = one(phrase)
        parts.append(f"!!{sql}")
        params.append(word)
    return "(" + " && ".join(parts) + ")", params


class SqliteBackend:
    vendor = "sqlite"

    def match(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        """Joined to the FTS table on its rowid, matched once per query: `ranked` reads bm25
        off the row the match gives. (An `id IN (SELECT rowid … MATCH …)` beside the join ran
        the match twice; a correlated `(SELECT bm25 … WHERE MATCH … AND rowid = id)` per row
        ran it again for every row: minutes for a common word over a million records.)"""
        table = SearchEntry._meta.db_table
        return qs.extra(  # a join Django's ORM cannot express; no user SQL
            tables=["search_fts"],
            where=["search_fts MATCH %s", f"search_fts.rowid = {table}.id"],
            params=[fts5_expression(query)],
        )

    def ranked(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        """`qs` from `match` (joined to `search_fts`): bm25, the title weighted 5:1."""
        return qs.annotate(
            rank=RawSQL("-bm25(search_fts, 5.0, 1.0)", [], output_field=FloatField())
        )


class _MatchedRows(BaseTable):
    """A query's base table read as a subquery under the table's own alias:
    `(<sql>) "search_searchentry"`, so every column reference, join and filter Django writes
    for the table reads the subquery's rows (`PostgresBackend.match`). Django's FROM clause
    is made of these (`Query.alias_map`); this one carries its SQL and parameters."""

    def __init__(self, table_name: str, alias: str | None, sql: str, params: Sequence[str]) -> None:
        super().__init__(table_name, alias)
        self.sql = sql
        self.params = tuple(params)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str, ...]]:
        alias = connection.ops.quote_name(self.table_alias or self.table_name)
        return f"({self.sql}) {alias}", self.params

    def relabeled_clone(self, change_map: dict[str | None, str]) -> _MatchedRows:
        alias = change_map.get(self.table_alias, self.table_alias)
        return self.__class__(self.table_name, alias, self.sql, self.params)

    @property
    def identity(self) -> tuple[Any, ...]:
        return (*super().identity, self.sql, self.params)


class PostgresBackend:
    vendor = "postgresql"

    def match(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        """`qs` read from the rows matching the query instead of from the whole table: its
        FROM clause becomes `(SELECT * FROM search_searchentry WHERE search_vector @@ …
        OFFSET 0) search_searchentry` (`_MatchedRows`), and everything else `qs` says (the
        reader's filter, the page's filters, the facets' GROUP BY, the rank) reads that
        subquery's rows under the table's own name.

        Why a fence: with the match beside the reader's filter in one WHERE, the planner
        chose between the GIN index and the btree on (classification, owning_body) by its
        estimates; without fresh statistics (after a bulk load, before ANALYZE) it guessed
        both at 0.5% of the table and walked the btree, testing `@@` on every row the reader
        may read: seconds at a million rows, the public worst (`classification = 1` alone).
        `OFFSET 0` keeps the planner from merging the subquery into the outer query or
        pushing the reader's filter into it, so the match alone picks its path (the GIN
        index, or a sequential scan when most rows match) and the filter is then tested
        only on the matching rows (decisions/0026)."""
        tsquery, params = tsquery_sql(query)
        table = connection.ops.quote_name(SearchEntry._meta.db_table)
        sql = f"SELECT * FROM {table} WHERE search_vector @@ {tsquery} OFFSET 0"
        qs = qs.all()
        alias = qs.query.get_initial_alias()
        qs.query.alias_map[alias] = _MatchedRows(SearchEntry._meta.db_table, alias, sql, params)
        return qs

    def ranked(self, qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
        tsquery, params = tsquery_sql(query)
        table = SearchEntry._meta.db_table
        return qs.annotate(
            rank=RawSQL(
                f"ts_rank({table}.search_vector, {tsquery})", params, output_field=FloatField()
            )
        )


BACKENDS: dict[str, SearchBackend] = {
    "sqlite": SqliteBackend(),
    "postgresql": PostgresBackend(),
}


def backend() -> SearchBackend:
    """The backend for the database in use."""
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise RuntimeError(f"search: no backend for the {connection.vendor} database") from None


__all__ = ["BACKENDS", "Phrase", "Query", "SearchBackend", "backend", "parse"]
