"""Inline Markdown (the text of a block) to a list of runs, for the PDF and DOCX renderers.

Markdown is first rendered and sanitised exactly as on the web (core.text), then walked, so all
formats agree and nothing in a record's text can reach a renderer as markup.
"""

from __future__ import annotations

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


def to_html(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists"])
    return nh3.clean(
        html,
        tags={"p", "br", "strong", "em", "ul", "ol", "li", "a", "code"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def paragraphs(text: str) -> list[Para]:
    walker = _Walker()
    walker.feed(to_html(text))
    return [p for p in walker.paras if p.runs]


def plain(text: str) -> str:
    """The text without markup (links keep their words)."""
    return "\n".join("".join(r.text for r in p.runs) for p in paragraphs(text))
