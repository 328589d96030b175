"""Snippets with the matching words marked: the text is escaped first, then `<mark>` wraps
the words that match a query word in any of its forms (the databases stem: "decisions" finds
"decision"). Only ever given text of a record the reader may read (`search.selectors`)."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
_SUFFIXES = ("ational", "ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly", "e", "y")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Words of the text that start with the stem of a query word."""
    stems = sorted({_stem(w.lower()) for w in words if w}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)


def marked(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text`, escaped, with what `pattern` matches in `<mark>`."""
    if pattern is None:
        return mark_safe(escape(text))  # escaped on this line
    out: list[str] = []
    at = 0
    for m in pattern.finditer(text):
        out.append(escape(text[at : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        at = m.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # every part escaped above


def snippet(text: str, pattern: re.Pattern[str] | None, size: int = SNIPPET_CHARS) -> SafeString:
    """About `size` characters of `text` around its first match (its start if none)."""
    flat = " ".join(text.split())
    start = 0
    if pattern is not None:
        m = pattern.search(flat)
        if m is not None:
            start = max(0, m.start() - size // 3)
            if start:
                space = flat.rfind(" ", 0, start)
                start = space + 1 if space != -1 and start - space < 20 else start
    piece = flat[start : start + size]
    if start + size < len(flat):
        cut = piece.rfind(" ")
        piece = (piece[:cut] if cut > size // 2 else piece) + " …"
    if start:
        piece = "… " + piece
    return marked(piece, pattern)
