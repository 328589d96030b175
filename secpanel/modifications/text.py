"""Modification references in Markdown text: find them, and turn them into links.

`link_references` is registered with `core.text.register_linker`, so every `|markdown` text in
secpanel links SECMP0024, MP071, MP102A and DP266 to the modification's page. A linker has no
viewer, so it links only WHITE modifications: a hidden one stays plain text and nothing shows
that it exists.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AnonymousUser

from secpanel.core.text import linking_memo
from secpanel.modifications.models import REFERENCE_PATTERN, Modification

# A reference standing on its own (not inside a longer word or number).
REFERENCE_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9_/-])(?:{REFERENCE_PATTERN})(?![A-Za-z0-9_])")

# Spans of Markdown that must not be touched: code, existing links, autolinks, bare URLs,
# link reference definitions and raw HTML anchors.
_PROTECTED = re.compile(
    r"""
      (?P<fence>^[ ]{0,3}(?P<f>`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}(?P=f)[ \t]*$|\Z))
    | (?P<code>(?P<ticks>`+).+?(?P=ticks))
    | (?P<link>!?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:\([^)]*\)|\[[^\]]*\]))
    | (?P<refdef>^[ ]{0,3}\[[^\]]+\]:[^\n]*$)
    | (?P<anchor><a\b[^>]*>.*?</a>)
    | (?P<autolink><[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>)
    | (?P<url>\b(?:https?|ftp|mailto):[^\s<>()]+)
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)


def references_in(text: str) -> list[str]:
    """Every modification reference in `text`, in order of first appearance, once each."""
    seen: dict[str, None] = {}
    for match in REFERENCE_IN_TEXT.finditer(text or ""):
        seen.setdefault(match.group(0), None)
    return list(seen)


def _indented_code_lines(text: str) -> set[int]:
    """Start offsets of lines that are part of an indented code block (not list content)."""
    offsets: set[int] = set()
    position = 0
    previous_blank = True
    in_list = False
    in_code = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        indented = line.startswith(("    ", "\t"))
        if not stripped:
            previous_blank = True
        else:
            if re.match(r"^\s{0,3}(?:[-*+]|\d+[.)])\s", line):
                in_list = True
            elif not indented:
                in_list = False
            if indented and (in_code or (previous_blank and not in_list)):
                in_code = True
                offsets.add(position)
            else:
                in_code = False
            previous_blank = False
        position += len(line)
    return offsets


def _plain_segments(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (segment, may_link) pieces."""
    code_lines = _indented_code_lines(text)
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for match in _PROTECTED.finditer(text):
        if match.start() > cursor:
            pieces.append((text[cursor : match.start()], True))
        pieces.append((match.group(0), False))
        cursor = match.end()
    if cursor < len(text):
        pieces.append((text[cursor:], True))
    if not code_lines:
        return pieces
    # split linkable pieces further so that indented code lines stay untouched
    result: list[tuple[str, bool]] = []
    offset = 0
    for piece, may_link in pieces:
        if not may_link:
            result.append((piece, False))
            offset += len(piece)
            continue
        for line in piece.splitlines(keepends=True):
            line_start = offset
            at_line_start = line_start == 0 or text[line_start - 1] == "\n"
            result.append((line, not (at_line_start and line_start in code_lines)))
            offset += len(line)
    return result


def _escape_title(title: str) -> str:
    return title.replace("\\", "\\\\").replace('"', '\\"')


_MEMO_KEY = "modifications.linkable"


def _linkable(refs: list[str]) -> dict[str, Modification]:
    """The modifications of `refs` a linker may link: the public's view of the register (WHITE
    only, through the one visibility path). In a `core.text.linking_scope()` (a request), every
    such modification is read once, in one query, and shared by the texts of the page."""
    public = Modification.objects.visible_to(AnonymousUser())
    memo = linking_memo()
    if memo is None:
        return {m.reference: m for m in public.filter(reference__in=refs)}
    known = memo.get(_MEMO_KEY)
    if known is None:
        known = memo[_MEMO_KEY] = {
            m.reference: m
            for m in public.only("reference", "title", "public_url", "classification")
        }
    return {ref: known[ref] for ref in refs if ref in known}


def forget_linkable(**kwargs: Any) -> None:
    """A modification was saved or deleted: the scope's texts look the register up again."""
    memo = linking_memo()
    if memo is not None:
        memo.pop(_MEMO_KEY, None)


def link_references(text: str, *, public: bool = False) -> str:
    """Turn each reference of an existing WHITE modification into a Markdown link: to its
    secpanel page, or (`public=True`, for papers) to its public page. References already in a
    link or in code, unknown references and non-WHITE modifications are left as they are."""
    if not text:
        return text or ""
    refs = references_in(text)
    if not refs:
        return text
    found = _linkable(refs)
    if not found:
        return text

    def link(match: re.Match[str]) -> str:
        ref = match.group(0)
        modification = found.get(ref)
        if modification is None:
            return ref
        url = modification.public_url if public else modification.get_absolute_url()
        if not url:
            return ref
        return f'[{ref}]({url} "{_escape_title(modification.title)}")'

    return "".join(
        REFERENCE_IN_TEXT.sub(link, piece) if may_link else piece
        for piece, may_link in _plain_segments(text)
    )


def link_references_internal(text: str) -> str:
    """The linker registered with `core.text`: links to secpanel's own pages."""
    return link_references(text)
