"""What a register contributes to the monthly Panel paper: one small interface.

Each app that has something to report keeps a `report.py` module (found by
`reports.apps.ReportsConfig.ready()` with `autodiscover_modules`) that registers

- **block providers** (`register_block`): a kind of block a report configuration can place in a
  section, e.g. "meetings" (met on / will meet on, with the agenda) or "assurance" (the SSC's
  figures). A provider writes blocks through the `PaperContext` it is given.
- **fact providers** (`register_facts`): the things a body did in the reporting period that the
  Panel hears about without anyone typing them again (a document version approved, advice on a
  modification, a test phase's exit decision...). The "highlights" block of a body prints its
  narrative highlights, each followed by the facts of the records it cites, then every other
  fact of the body under the provider's own subheading.
- **phrases** (`register_phrases`): every sentence a provider generates, by key, with its zero,
  singular and plural forms. The defaults are the SEC's wording (the seed paper's); a report
  configuration overrides any of them (`reports.ReportPhrase`), so another code changes
  wording without code.

The compiler implements `PaperContext`; providers never see it otherwise, and it knows no
register. This module imports no domain app.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models

if TYPE_CHECKING:
    from secpanel.accounts.types import Actor
    from secpanel.bodies.models import Body


M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Phrase:
    """One generated sentence. `text` is the general (plural) form; `one` and `zero` the forms
    for a count of one and of none (empty: use `text`). Placeholders use str.format names."""

    text: str
    one: str = ""
    zero: str = ""
    help: str = ""

    def form(self, n: int | None) -> str:
        if n == 0 and self.zero:
            return self.zero
        if n == 1 and self.one:
            return self.one
        return self.text


@dataclass
class Fact:
    """Something a body did that the paper reports, generated from its records.

    `paragraphs` and `items` (bullets) are what it says on its own, under `heading`; under a
    highlight that cites its records, `brief` (if given) replaces the paragraphs and the heading
    is left out. `records` are the records it came from (provenance and level)."""

    key: str
    heading: str
    records: list[models.Model]
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    brief: list[str] | None = None
    date: datetime.date | None = None


class PaperContext(Protocol):
    """What the compiler offers a provider."""

    actor: Actor
    period_start: datetime.date
    period_end: datetime.date
    since: datetime.date
    paper_date: datetime.date
    meeting_date: datetime.date
    month: str
    appendix_title: str  # the configured title; a provider may set what its appendix holds

    def say(self, key: str, n: int | None = None, /, **values: Any) -> str:
        """The configured wording of phrase `key` for count `n`, filled with `values` (and
        `n`, `n_words`)."""
        ...

    def add(
        self,
        kind: str,
        text: str = "",
        *,
        level: int = ...,
        sources: Iterable[Any] = (),
        items: list[str] | None = None,
        key: str = "",
    ) -> Any:
        """Append a block (heading2 blocks get the next sub-number)."""
        ...

    def source(self, obj: models.Model, level: int | None = None) -> Any:
        """The provenance of `obj` for a block at `level` (White by default). Its history
        version is filled in when the compile ends (one query per model for all sources): pass
        it to `add`, do not read it."""
        ...

    def white(self, records: Iterable[M]) -> list[M]:
        """The records the public edition may carry (White); the others are noted as left
        out (`omit`)."""
        ...

    def heading_for(self, block: Any) -> str:
        """A configured block's heading with {body} and {short} filled in."""
        ...

    def omit(self, obj: models.Model) -> None:
        """Note a record left out of the paper because it is above White (for review)."""
        ...

    def link(self, text: str) -> str:
        """Text with modification (and document) references turned into public links. A compile
        runs in a `core.text.linking_scope()`: a linker keeps what it reads in
        `core.text.linking_memo()` and reads it once per compile, not once per text."""
        ...

    def long_date(self, day: datetime.date) -> str: ...

    def add_appendix_table(
        self, section: str, header: list[str], rows: list[tuple[list[str], models.Model]]
    ) -> None:
        """Rows for the RED Appendix A, under `section`."""
        ...

    def facts_of(self, body: Body) -> list[Fact]:
        """Every fact of `body` in the period, from every fact provider, readable by the actor."""
        ...


BlockRenderer = Callable[[PaperContext, Any], None]
FactSource = Callable[[PaperContext, "Body"], list[Fact]]


@dataclass(frozen=True)
class BlockProvider:
    kind: str
    label: str
    render: BlockRenderer


@dataclass(frozen=True)
class FactProvider:
    name: str
    label: str
    facts: FactSource


_linkers: list[Callable[[str], str]] = []
_blocks: dict[str, BlockProvider] = {}
_facts: dict[str, FactProvider] = {}
_phrases: dict[str, Phrase] = {}


def register_block(kind: str, label: str) -> Callable[[BlockRenderer], BlockRenderer]:
    def decorate(render: BlockRenderer) -> BlockRenderer:
        _blocks[kind] = BlockProvider(kind=kind, label=label, render=render)
        return render

    return decorate


def register_facts(name: str, label: str) -> Callable[[FactSource], FactSource]:
    def decorate(source: FactSource) -> FactSource:
        _facts[name] = FactProvider(name=name, label=label, facts=source)
        return source

    return decorate


def register_phrases(phrases: dict[str, Phrase]) -> None:
    clash = set(phrases) & set(_phrases)
    if clash - {k for k in clash if _phrases[k] == phrases[k]}:
        raise ValueError(f"Phrase keys registered twice: {sorted(clash)}")
    _phrases.update(phrases)


def register_public_linker(linker: Callable[[str], str]) -> Callable[[str], str]:
    """A function turning references in paper text (SECMP0067...) into public links. It is
    called for every text of the paper: keep its look-ups in `core.text.linking_memo()`."""
    if linker not in _linkers:
        _linkers.append(linker)
    return linker


def link(text: str) -> str:
    for linker in _linkers:
        text = linker(text)
    return text


def block_provider(kind: str) -> BlockProvider:
    return _blocks[kind]


def block_kinds() -> list[tuple[str, str]]:
    """The choices of `ReportBlock.kind`: every registered block provider."""
    return sorted(((p.kind, p.label) for p in _blocks.values()), key=lambda c: c[0])


def fact_providers() -> list[FactProvider]:
    return list(_facts.values())


def default_phrases() -> dict[str, Phrase]:
    return dict(sorted(_phrases.items()))


def phrase_keys() -> list[tuple[str, str]]:
    return [(key, key) for key in sorted(_phrases)]


COUNT_NAMES = frozenset({"n", "n_words"})


def placeholders(text: str) -> set[str]:
    """The {names} a phrase uses; ValueError for a malformed one."""
    names = set()
    for _literal, name, _spec, _conv in string.Formatter().parse(text):
        if name is not None:
            if not name.isidentifier():
                raise ValueError(f"“{{{name}}}” is not a placeholder name.")
            names.add(name)
    return names


def check_phrase(text: str, default: Phrase) -> str:
    """Why `text` cannot replace `default` ('' if it can): it may use only the default's
    placeholders (and the count)."""
    if not text:
        return ""
    try:
        used = placeholders(text)
    except ValueError as exc:
        return f"Placeholders are written {{name}}: {exc}"
    allowed = COUNT_NAMES | {
        name for form in (default.text, default.one, default.zero) for name in placeholders(form)
    }
    unknown = sorted(used - allowed)
    if unknown:
        return (
            "Unknown placeholder "
            + ", ".join("{" + u + "}" for u in unknown)
            + "; this sentence can use "
            + ", ".join("{" + a + "}" for a in sorted(allowed))
            + "."
        )
    return ""


def join_words(parts: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last} {parts[-1]}"
