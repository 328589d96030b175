"""Compile the monthly Panel paper from the records.

`compile_report(report, actor=...)` asks every register's provider (`core.paper`, each app's
`report.py`) for its blocks, read through the actor's visibility, and returns the public and the
Panel editions as `PaperDocument`s. Nothing about a particular month, code or register lives
here: bodies, section order, headings and wording come from `ReportConfiguration`, dates from
the report, facts from the records.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Max
from simple_history.utils import get_app_model_primary_key_name

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.classification import Classification
from secpanel.core.paper import M
from secpanel.core.text import linking_scope
from secpanel.meetings.selectors import meetings_in_period
from secpanel.reports.document import Block, PaperDocument, Source
from secpanel.reports.models import (
    NonWorkingDay,
    PanelReport,
    ReportBlock,
    ReportConfiguration,
)
from secpanel.reports.words import number_words

WHITE = Classification.WHITE
RED = Classification.RED


class EditionLeakError(Exception):
    """A block above an edition's level was about to be put into it."""


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_label(day: datetime.date) -> str:
    return f"{day:%B %Y}"


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days before `day`, skipping weekends and NonWorkingDays."""
    holidays = set(
        NonWorkingDay.objects.filter(
            date__range=(day - datetime.timedelta(days=count * 3 + 14), day)
        ).values_list("date", flat=True)
    )
    current = day
    remaining = count
    while remaining:
        current -= datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def reporting_period(paper_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar month before the paper's date."""
    end = paper_date.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _label(obj: models.Model, level: int) -> str:
    """The label of a cited record (which may name a Party), kept only when the record is not
    above the block that cites it."""
    return str(obj) if getattr(obj, "classification", WHITE) <= level else ""


def source_of(obj: models.Model, level: int) -> Source:
    """Provenance of `obj` at its current history version, in one query. The label (which may
    name a Party) is kept only when the record is not above the block that cites it. A compile
    reads the versions of all its sources together instead (`Provenance`)."""
    history = getattr(obj, "history", None)
    version = None
    if history is not None:
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        version = latest
    return Source(model=obj._meta.label_lower, pk=obj.pk, version=version, label=_label(obj, level))


# Primary keys per query when versions are read in bulk: under SQLite's variable limit.
VERSION_CHUNK = 500


@functools.cache
def _has_history(model: type[models.Model]) -> bool:
    """Whether `model` keeps a history. Asked once per model: reading simple-history's
    `Model.history` builds a new manager class every time, and a compile cites hundreds of
    records."""
    return getattr(model, "history", None) is not None


class Provenance:
    """The sources of one compile. `source()` gives a `Source` without its version and notes
    the record; at the end `versions()` reads the latest history id of every noted record, one
    query per model (per `VERSION_CHUNK` records), and `resolve()` puts them into the sources:
    the same `Source`s as `source_of` gives, in a number of queries that does not grow with
    the records cited."""

    def __init__(self) -> None:
        self._pending: dict[str, tuple[type[models.Model], set[Any]]] = {}

    def source(self, obj: models.Model, level: int) -> Source:
        label = obj._meta.label_lower
        model = type(obj)
        if _has_history(model):
            self._pending.setdefault(label, (model, set()))[1].add(obj.pk)
        return Source(model=label, pk=obj.pk, version=None, label=_label(obj, level))

    def versions(self) -> dict[tuple[str, Any], int]:
        """(model label, pk) -> latest history id, for every noted record that has one."""
        found: dict[tuple[str, Any], int] = {}
        for label, (model, pks) in self._pending.items():
            history = model.history  # type: ignore[attr-defined]  # simple-history's manager
            key = get_app_model_primary_key_name(model)
            ordered = sorted(pks)
            for start in range(0, len(ordered), VERSION_CHUNK):
                rows = (
                    history.filter(**{f"{key}__in": ordered[start : start + VERSION_CHUNK]})
                    .order_by()
                    .values(key)
                    .annotate(latest=Max("history_id"))
                    .values_list(key, "latest")
                )
                found.update({(label, pk): latest for pk, latest in rows})
        return found

    def resolve(self, sources: list[Source], versions: dict[tuple[str, Any], int]) -> list[Source]:
        return [
            dataclasses.replace(s, version=versions.get((s.model, s.pk)))
            if s.model in self._pending
            else s
            for s in sources
        ]


class _Numbering:
    def __init__(self) -> None:
        self.section = 0
        self.sub = 0

    def next_section(self) -> str:
        self.section += 1
        self.sub = 0
        return str(self.section)

    def next_sub(self) -> str:
        self.sub += 1
        return f"{self.section}.{self.sub}"


class _Blank(dict[str, Any]):
    """format_map values: a placeholder nobody filled stays visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Compiler:
    """One compilation of one report, and the `core.paper.PaperContext` its providers write
    through. Blocks are collected with their true level; editions are cut from them afterwards
    and checked again (`check_edition`). No register's prose lives here: each block kind and
    each kind of fact comes from the app that owns the records (its `report.py`)."""

    def __init__(self, report: PanelReport, actor: Actor) -> None:
        self.report = report
        self.actor = actor
        self.config: ReportConfiguration = report.configuration
        self.period_start = report.period_start
        self.period_end = report.period_end
        self.paper_date = report.paper_date
        self.meeting_date = report.meeting.date
        self.month = month_label(report.period_start)
        self.n = _Numbering()
        self.blocks: list[Block] = []
        self.appendix: list[Block] = []
        self.omitted: list[Source] = []
        self.appendix_title = self.config.appendix_title
        self.phrases = paper.default_phrases()
        self.phrases.update(
            {
                p.key: paper.Phrase(text=p.text, one=p.one, zero=p.zero)
                for p in self.config.phrases.all()
            }
        )
        self.since = self._since_previous_paper()
        self._facts: dict[int, list[paper.Fact]] = {}
        self.provenance = Provenance()

    def _since_previous_paper(self) -> datetime.date:
        """The first day not covered by the previous Panel paper: meetings held up to the
        previous paper's date were reported there and are not repeated."""
        panel_meeting = self.report.meeting
        earlier = [
            m
            for m in meetings_in_period(
                panel_meeting.body, datetime.date.min, panel_meeting.date - datetime.timedelta(1)
            )
            if m.number is not None
        ]
        if not earlier:
            return self.period_start
        previous = earlier[-1]
        issued = (
            previous.panel_reports.unrestricted()
            .order_by("-paper_date")
            .values_list("paper_date", flat=True)
            .first()
        )
        paper_day = issued or working_days_before(previous.date, self.config.paper_days_before)
        return paper_day + datetime.timedelta(days=1)

    # -- the PaperContext ---------------------------------------------------------------------
    def say(self, key: str, n: int | None = None, /, **values: Any) -> str:
        phrase = self.phrases[key]
        if n is not None:
            values.setdefault("n", n)
            values.setdefault("n_words", number_words(n))
        values.setdefault("month", self.month)
        return phrase.form(n).format_map(_Blank(values))

    def add(
        self,
        kind: str,
        text: str = "",
        *,
        level: int = WHITE,
        sources: Iterable[Source] = (),
        number: str = "",
        items: list[str] | None = None,
        key: str = "",
    ) -> Block:
        if kind == "heading2" and not number:
            number = self.n.next_sub()
        block = Block(
            kind=kind,
            text=text,
            number=number,
            items=items or [],
            level=int(level),
            sources=list(sources),
            key=key or f"b{len(self.blocks) + 1}",
        )
        self.blocks.append(block)
        return block

    def source(self, obj: models.Model, level: int | None = None) -> Source:
        return self.provenance.source(obj, WHITE if level is None else level)

    def white(self, records: Iterable[M]) -> list[M]:
        shown: list[M] = []
        for record in records:
            if getattr(record, "classification", WHITE) > WHITE:
                self.omit(record)
            else:
                shown.append(record)
        return shown

    def omit(self, obj: models.Model) -> None:
        self.omitted.append(self.provenance.source(obj, getattr(obj, "classification", WHITE)))

    def link(self, text: str) -> str:
        return paper.link(text)

    def long_date(self, day: datetime.date) -> str:
        return long_date(day)

    def heading_for(self, rb: ReportBlock) -> str:
        return rb.heading.format(body=rb.body.name, short=rb.body.short_name)

    def add_appendix_table(
        self, section: str, header: list[str], rows: list[tuple[list[str], models.Model]]
    ) -> None:
        self.appendix.append(Block(kind="heading2", text=section, level=RED, key=f"app-{section}"))
        self.appendix.append(
            Block(
                kind="table",
                rows=[header, *(cells for cells, _ in rows)],
                level=RED,
                sources=[self.provenance.source(record, RED) for _, record in rows],
                key=f"app-{section}-t",
            )
        )

    def facts_of(self, body: Body) -> list[paper.Fact]:
        if body.pk not in self._facts:
            found: list[paper.Fact] = []
            for provider in paper.fact_providers():
                found.extend(provider.facts(self, body))
            self._facts[body.pk] = found
        return self._facts[body.pk]

    def resolve_sources(self) -> None:
        """Give every source of the compile its record's version (`Provenance`): one query
        per cited model."""
        versions = self.provenance.versions()
        for block in [*self.blocks, *self.appendix]:
            block.sources = self.provenance.resolve(block.sources, versions)
        self.omitted = self.provenance.resolve(self.omitted, versions)

    # -- the paper ----------------------------------------------------------------------------
    def compile(self) -> None:
        cfg = self.config
        self.add(
            "heading",
            self.say("paper.purpose.heading"),
            number=self.n.next_section(),
            key="purpose-h",
        )
        self.add("paragraph", cfg.purpose, key="purpose")
        for section in cfg.sections.prefetch_related("blocks__body").order_by("position"):
            self.add(
                "heading", section.heading, number=self.n.next_section(), key=f"s{section.position}"
            )
            for rb in section.blocks.all():
                paper.block_provider(rb.kind).render(self, rb)
        self.add(
            "heading",
            self.say("paper.recommendations.heading"),
            number=self.n.next_section(),
            key="recs-h",
        )
        verb = self.say(
            {
                "For Information": "paper.verb.information",
                "For Decision": "paper.verb.decision",
                "For Discussion": "paper.verb.discussion",
            }[self.report.action]
        )
        audience = cfg.audience[0].upper() + cfg.audience[1:]
        self.add(
            "paragraph", self.say("paper.recommendation", audience=audience, verb=verb), key="recs"
        )
        author = self.report.author.get_full_name() or self.report.author.username
        self.add(
            "signoff",
            "",
            items=[author, cfg.team, long_date(self.report.paper_date)],
            key="signoff",
        )
        if self.appendix:
            self.add(
                "attachments",
                self.say("paper.attachments"),
                items=[
                    self.say("paper.appendix", title=self.appendix_title, level=RED.label.upper())
                ],
                key="attachments",
            )


def check_edition(doc: PaperDocument) -> None:
    """Fail loudly if any block is above what its part of this edition may carry."""
    body_limit = doc.classification
    for block in doc.body:
        if block.level > body_limit:
            raise EditionLeakError(_leak_message(block, doc, "body"))
    if doc.edition == "public" and doc.appendix:
        raise EditionLeakError("The public edition cannot carry Appendix A.")
    for block in doc.appendix:
        if block.level > doc.appendix_classification:
            raise EditionLeakError(_leak_message(block, doc, "appendix"))


def _leak_message(block: Block, doc: PaperDocument, part: str) -> str:
    names = ", ".join(f"{s.model} #{s.pk}" for s in block.sources) or f"block {block.key}"
    return (
        f"{names} is {Classification(block.level).label} and cannot go into the {part} of "
        f"the {doc.edition} edition ({Classification(doc.classification).label})."
    )


def compile_report(
    report: PanelReport, *, actor: Actor
) -> tuple[PaperDocument, PaperDocument, list[Source]]:
    """The (public, panel) editions of `report`, and the records left out as above White.

    The compile reads in a number of queries that does not grow with the month's records: its
    own `linking_scope()` lets the public linkers read what they link once (not per text), and
    the versions of the sources are read together at the end (`Provenance`)."""
    c = Compiler(report, actor)
    with linking_scope():
        c.compile()
    c.resolve_sources()
    common: dict[str, Any] = {
        "reference": report.reference,
        "title": report.title,
        "action": report.action,
        "classification": int(WHITE),
    }
    public = PaperDocument(
        **common, body=[b for b in c.blocks if b.level <= WHITE], edition="public"
    )
    panel = PaperDocument(
        **common,
        body=[b for b in c.blocks if b.level <= WHITE],
        appendix=list(c.appendix),
        appendix_title=f"Appendix A: {c.appendix_title}",
        edition="panel",
    )
    check_edition(public)
    check_edition(panel)
    return public, panel, c.omitted
