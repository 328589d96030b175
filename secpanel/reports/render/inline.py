"""Inline Markdown (the text of a block) to a list of runs, for the PDF and DOCX renderers.

Markdown is first rendered and sanitised exactly as on the web (core.text), then walked, so all
formats agree and nothing in a record's text can reach a renderer as markup.

Speed: a paper's texts go through here once per format and edition (six times for the HTML,
PDF and DOCX of both editions), and building a Markdown converter costs more than converting a
paragraph. So each thread keeps one converter (reset before every text: nothing carries from
one text to the next), and the last few thousand texts' results are kept (`to_html`,
`paragraphs`: pure functions of the text), so rendering both editions in all three formats
converts each distinct text once.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown as md
import nh3


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass
class Para:
    runs: list[Run]
    bullet: bool = False


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[Para] = []
        self.bold = 0
        self.italic = 0
        self.href = ""
        self.in_li = 0
        self.current: Para | None = None

    def _para(self) -> Para:
        if self.current is None:
            self.current = Para(runs=[], bullet=self.in_li > 0)
            self.paras.append(self.current)
        return self.current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            if tag == "li":
                self.in_li += 1
            self.current = None
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
        elif tag == "br":
            self._para().runs.append(Run("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            if tag == "li":
                self.in_li -= 1
            self.current = None
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag == "a":
            self.href = ""

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.current is None:
            return
        text = " ".join(data.split()) if "\n" in data else data
        if not text:
            return
        self._para().runs.append(
            Run(text, bold=self.bold > 0, italic=self.italic > 0, href=self.href)
        )


# Distinct texts remembered; a month's paper has a few hundred.
CACHED_TEXTS = 4096
_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's Markdown converter (a converter is not safe to share between threads)."""
    converter: md.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(extensions=["sane_lists"])
    return converter


@functools.lru_cache(maxsize=CACHED_TEXTS)
def to_html(text: str) -> str:
    # The same output as markdown.markdown(text, extensions=["sane_lists"]), which builds a
    # new converter for every call; reset() clears everything one conversion leaves behind.
    html = _converter().reset().convert(text or "")
    return nh3.clean(
        html,
        tags={"p", "br", "strong", "em", "ul", "ol", "li", "a", "code"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


@functools.lru_cache(maxsize=CACHED_TEXTS)
def _walked(text: str) -> tuple[tuple[tuple[Run, ...], bool], ...]:
    walker = _Walker()
    walker.feed(to_html(text))
    return tuple((tuple(p.runs), p.bullet) for p in walker.paras if p.runs)


def paragraphs(text: str) -> list[Para]:
    """The text's paragraphs: new objects on every call (a caller may change them)."""
    return [Para(runs=list(runs), bullet=bullet) for runs, bullet in _walked(text)]


def plain(text: str) -> str:
    """The text without markup (links keep their words)."""
    return "\n".join("".join(r.text for r in p.runs) for p in paragraphs(text))
