"""Markdown for narrative text: rendered, then sanitised with nh3 (no raw HTML survives).

Other apps register *linkers* that turn references in the text (e.g. SECMP0024) into links.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

Linker = Callable[[str], str]
_LINKERS: list[Linker] = []

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
