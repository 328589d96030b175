"""Every RED record that leaves the database for a person is logged: one
`classification.red_read` audit event per page (or export, download, command), naming every
RED record read, not one event per row or per query.

How: `ClassifiedQuerySet.visible_to(user)` marks the queryset with its reader; when such a
queryset fetches its rows, the RED ones are noted here (`note`). `RedReadLogMiddleware` opens
a log for each request and writes the event after the response is built; `red_read_log()`
does the same around a command or a task. With no log open (a shell), each fetch writes its
own event, so nothing is ever read unlogged.

What is not noted: rows read with `unrestricted()` (services and the compiler reading what
they change; they show no one), and `values()`/`values_list()` rows, which carry no level
(selectors return model instances for anything shown).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase

from secpanel.accounts.types import Actor, Reader
from secpanel.core.classification import Classification
from secpanel.core.services import record_event


@dataclass
class _Log:
    where: str
    # reader id -> (reader, [records in the order first read])
    reads: dict[Any, tuple[Actor, dict[tuple[str, Any], Any]]] = field(default_factory=dict)


_current: contextvars.ContextVar[_Log | None] = contextvars.ContextVar(
    "secpanel_red_reads", default=None
)


def note(reader: Reader | None, rows: Iterable[Any]) -> None:
    """Called by `ClassifiedQuerySet` with the rows a reader's queryset fetched."""
    red = [r for r in rows if getattr(r, "classification", None) == Classification.RED]
    if not red or getattr(reader, "pk", None) is None:
        return
    reader = cast("Actor", reader)  # it has a pk: an account
    log = _current.get()
    if log is None:
        _write(reader, {(r._meta.label_lower, r.pk): r for r in red}, where="")
        return
    _, records = log.reads.setdefault(reader.pk, (reader, {}))
    for r in red:
        records.setdefault((r._meta.label_lower, r.pk), r)


def note_shown(reader: Reader | None, record: Any, level: int | None) -> None:
    """A page shows RED content derived from `record` (a composite: the Panel edition of a
    report whose own row is lower): log it as a RED read of that record."""
    if level is None or int(level) < Classification.RED or getattr(reader, "pk", None) is None:
        return
    reader = cast("Actor", reader)  # it has a pk: an account
    log = _current.get()
    key = (record._meta.label_lower, record.pk)
    if log is None:
        _write(reader, {key: record}, where="")
        return
    _, records = log.reads.setdefault(reader.pk, (reader, {}))
    records.setdefault(key, record)


def _write(reader: Actor, records: dict[tuple[str, Any], Any], where: str) -> None:
    first = next(iter(records.values()))
    record_event(
        kind="classification.red_read",
        actor=reader,
        subject=first,
        after={
            "records": [f"{label}:{pk}" for label, pk in records],
            "where": where,
        },
    )


def flush() -> None:
    log = _current.get()
    if log is None:
        return
    for reader, records in log.reads.values():
        if records:
            _write(reader, records, log.where)
    log.reads.clear()


@contextlib.contextmanager
def red_read_log(where: str) -> Iterator[None]:
    """Collect the RED reads inside the block into one event per reader, written at the end
    (also when the block fails: what was read was read)."""
    token = _current.set(_Log(where=where))
    try:
        yield
    finally:
        try:
            flush()
        finally:
            _current.reset(token)


class RedReadLogMiddleware:
    """One `classification.red_read` event per request and reader, listing the RED records
    the response was built from (pages, htmx fragments, exports, downloads)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with red_read_log(f"{request.method} {request.path}"[:300]):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                # the rows are read while streaming: materialise inside the log
                streaming = cast("StreamingHttpResponse", response)
                body = cast("Iterator[bytes]", streaming.streaming_content)  # WSGI: synchronous
                streaming.streaming_content = [b"".join(body)]
        return response
