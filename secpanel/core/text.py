"""Markdown for narrative text: rendered, then sanitised with nh3 (no raw HTML survives).

Other apps register *linkers* that turn references in the text (e.g. SECMP0024) into links.
Inside a `linking_scope()` (every request: `LinkingScopeMiddleware`) a linker may keep what it
looked up in `linking_memo()`, so a page of many texts looks its references up once.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

import markdown as md
import nh3
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.safestring import SafeString, mark_safe

Linker = Callable[[str], str]
_LINKERS: list[Linker] = []
_memo: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "secpanel_linking_memo", default=None
)


@contextlib.contextmanager
def linking_scope() -> Iterator[None]:
    """Within the block, linkers share one memo (`linking_memo()`); it is dropped at the end."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def linking_memo() -> dict[str, Any] | None:
    """The current scope's memo (keyed by each linker's own name), or None outside a scope:
    then a linker looks up what each text needs, every time."""
    return _memo.get()


class LinkingScopeMiddleware:
    """One `linking_scope()` per request: the page's texts share their linkers' look-ups."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with linking_scope():
            return self.get_response(request)


_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def register_linker(linker: Linker) -> None:
    """Add a function applied to Markdown source before rendering (idempotent per function)."""
    if linker not in _LINKERS:
        _LINKERS.append(linker)


def render_markdown(text: str) -> SafeString:
    source = text or ""
    for linker in _LINKERS:
        source = linker(source)
    html = md.markdown(source, extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)
