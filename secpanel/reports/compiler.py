"""Compile the monthly Panel paper from the records.

`compile_report(report, actor=...)` reads every register through the actor's visibility and
returns the public and the Panel editions as `PaperDocument`s. Nothing about a particular month
or code lives here: bodies, section order and headings come from `ReportConfiguration`, dates
from the report, facts from the records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument, Source
from secpanel.reports.models import (
    NonWorkingDay,
    PanelReport,
    ReportBlock,
    ReportConfiguration,
)
from secpanel.reports.words import number_words, plural

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


def source_of(obj: models.Model, level: int) -> Source:
    """Provenance of `obj` at its current history version. The label (which may name a Party)
    is kept only when the record is not above the block that cites it."""
    history = getattr(obj, "history", None)
    version = None
    if history is not None:
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        version = latest
    obj_level = getattr(obj, "classification", WHITE)
    return Source(
        model=obj._meta.label_lower,
        pk=obj.pk,
        version=version,
        label=str(obj) if obj_level <= level else "",
    )


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


class Compiler:
    """One compilation of one report. Blocks are collected with their true level; editions are
    cut from them afterwards and checked again (`check_edition`)."""

    def __init__(self, report: PanelReport, actor: Any) -> None:
        self.report = report
        self.actor = actor
        self.config: ReportConfiguration = report.configuration
        self.period_start = report.period_start
        self.period_end = report.period_end
        self.month = month_label(report.period_start)
        self.n = _Numbering()
        self.blocks: list[Block] = []
        self.appendix: list[Block] = []
        self.omitted: list[Source] = []
        self.appendix_needed = False
        self.since = self._since_previous_paper()

    def _since_previous_paper(self) -> datetime.date:
        """The first day not covered by the previous Panel paper: meetings held up to the
        previous paper's date were reported there and are not repeated."""
        from secpanel.meetings.selectors import meetings_in_period

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

    # -- helpers --------------------------------------------------------------------------
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

    def link(self, text: str) -> str:
        try:
            from secpanel.modifications.text import link_references
        except ImportError:  # the modifications register is optional for other codes
            return text
        return link_references(text, public=True)

    # -- sections --------------------------------------------------------------------------
    def compile(self) -> None:
        cfg = self.config
        self.add("heading", "Purpose", number=self.n.next_section(), key="purpose-h")
        self.add("paragraph", cfg.purpose, key="purpose")
        for section in cfg.sections.prefetch_related("blocks__body").order_by("position"):
            self.add(
                "heading", section.heading, number=self.n.next_section(), key=f"s{section.position}"
            )
            for rb in section.blocks.all():
                getattr(self, f"block_{rb.kind}")(rb)
        self.add("heading", "Recommendations", number=self.n.next_section(), key="recs-h")
        verb = {"For Information": "NOTE", "For Decision": "APPROVE", "For Discussion": "DISCUSS"}[
            self.report.action
        ]
        audience = cfg.audience[0].upper() + cfg.audience[1:]
        self.add(
            "paragraph", f"{audience} is requested to {verb} the content of this paper.", key="recs"
        )
        author = self.report.author.get_full_name() or self.report.author.username
        self.add(
            "signoff",
            "",
            items=[author, cfg.team, long_date(self.report.paper_date)],
            key="signoff",
        )
        if self.appendix_needed:
            self.add(
                "attachments",
                "Attachments:",
                items=[f"Appendix A: {cfg.appendix_title} ({RED.label.upper()})"],
                key="attachments",
            )

    def heading_for(self, rb: ReportBlock) -> str:
        return rb.heading.format(body=rb.body.name, short=rb.body.short_name)

    def _highlights(self, body: Body, *, meeting_ids: set[int] | None = None) -> None:
        from secpanel.meetings.selectors import report_highlights

        for h in report_highlights(self.actor, body, self.period_start):
            src = source_of(h, h.classification)
            if h.classification > WHITE:
                self.omitted.append(src)
                continue
            self.add("subheading", h.heading, sources=[src], key=f"hl{h.pk}-h")
            self.add("paragraph", self.link(h.text), sources=[src], key=f"hl{h.pk}")

    def block_highlights(self, rb: ReportBlock) -> None:
        self.add("heading2", self.heading_for(rb), number=self.n.next_sub(), key=f"rb{rb.pk}")
        before = len(self.blocks)
        self._highlights(rb.body)
        if len(self.blocks) == before:
            self.add(
                "paragraph",
                f"The {rb.body.short_name} had no highlights to bring to the Panel's "
                f"attention in {self.month}.",
                key=f"rb{rb.pk}-none",
            )

    def block_meetings(self, rb: ReportBlock) -> None:
        from secpanel.meetings.selectors import (
            agenda_items_for,
            meetings_in_period,
            next_meeting,
        )

        body = rb.body
        self.add("heading2", self.heading_for(rb), number=self.n.next_sub(), key=f"rb{rb.pk}")
        named = (
            f"The {body.name} ({body.short_name})"
            if body.short_name != body.name
            else (f"The {body.name}")
        )
        held = [
            m
            for m in meetings_in_period(body, self.since, self.report.paper_date)
            if m.status == "held"
        ]
        for m in held:
            self.add(
                "paragraph",
                f"{named} met on the {long_date(m.date)}.",
                sources=[source_of(m, WHITE)],
                key=f"m{m.pk}",
            )
            named = f"The {body.short_name}"
        upcoming = next_meeting(body, self.report.paper_date)
        if upcoming is not None and upcoming.date <= self.report.meeting.date:
            self.add(
                "paragraph",
                f"{named} will meet on the {long_date(upcoming.date)}. Any urgent matters "
                "arising will be advised to the Panel via a verbal update.",
                sources=[source_of(upcoming, WHITE)],
                key=f"m{upcoming.pk}",
            )
            items = agenda_items_for(self.actor, upcoming)
            standing = [
                i for i in items if getattr(i, "standing", False) and i.classification == WHITE
            ]
            others = [i for i in items if not getattr(i, "standing", False)]
            shown = [i for i in others if i.classification == WHITE]
            self.omitted.extend(
                source_of(i, i.classification) for i in others if i.classification > WHITE
            )
            if shown:
                extra = ""
                if standing:
                    extra = " (in addition to " + " and ".join(i.title for i in standing) + ")"
                self.add(
                    "paragraph",
                    f"Agenda items to be covered by the {body.short_name},{extra} include;",
                    sources=[source_of(i, WHITE) for i in standing],
                    key=f"m{upcoming.pk}-agenda",
                )
                self.add(
                    "bullets",
                    items=[self.link(i.title) for i in shown],
                    sources=[source_of(i, WHITE) for i in shown],
                    key=f"m{upcoming.pk}-items",
                )
        elif not held:
            self.add("paragraph", f"{named} did not meet in {self.month}.", key=f"rb{rb.pk}-0")
        self._highlights(body)

    def block_assurance(self, rb: ReportBlock) -> None:
        from secpanel.assurance.selectors import appendix_rows, monthly_figures

        body = rb.body
        f = monthly_figures(self.actor, self.period_start)
        month = self.month
        short = body.short_name
        details = "Details can be found in confidential Appendix A."

        def srcs(records: Iterable[Any]) -> list[Source]:
            return [source_of(r, WHITE) for r in records]

        # Assurance statuses
        self.add("heading2", "Assurance Status Decisions", number=self.n.next_sub(), key="asr-h")
        n = f.assurance_statuses_set
        if n:
            text = (
                f"The {body.name} ({short}) set {number_words(n)} Assurance "
                f"{plural(n, 'status', 'statuses')} in {month}. {details}"
            )
        else:
            text = f"The {body.name} ({short}) set no Assurance statuses in {month}."
        self.add("paragraph", text, sources=srcs(f.assurance_records), key="asr")

        # Verification assessments
        self.add("heading2", "Verification Assessments", number=self.n.next_sub(), key="vusa-h")
        self.add(
            "paragraph",
            f"As part of their wider obligations, the {short} review the outcomes of "
            "Verification User Security Assessments. If the "
            f"{short} believe that a User is non-compliant, or potentially non-compliant, "
            "with obligations contained in SEC Sections G3-G6, then they will notify the "
            "Panel.",
            key="vusa-intro",
        )
        n = f.verification_reviewed
        if n:
            text = (
                f"During {month}, the {short} reviewed {number_words(n)} Verification User "
                f"Security {plural(n, 'Assessment')} (VUSAs) in which Compliance Status’ "
                "were set. Details of the VUSAs can be found in confidential Appendix A."
            )
        else:
            text = (
                f"No Verification User Security Assessments were reviewed by the {short} "
                f"in {month}."
            )
        self.add("paragraph", text, sources=srcs(f.verification_records), key="vusa")

        # Director's letters
        self.add("heading2", "Director Letters", number=self.n.next_sub(), key="dl-h")
        n = f.directors_letters_reviewed
        approved = f.directors_letters_approved
        if n:
            if approved == n:
                outcome = "which were approved" if n > 1 else "which was approved"
            else:
                outcome = (
                    f"of which {number_words(approved)} {plural(approved, 'was', 'were')} approved"
                )
            text = (
                f"The {short} reviewed {number_words(n)} Director’s "
                f"{plural(n, 'Letter')} in {month} {outcome} and can be found in "
                "confidential Appendix A."
            )
        else:
            text = f"No Director’s Letters were reviewed by the {short} in {month}."
        self.add("paragraph", text, sources=srcs(f.directors_letter_records), key="dl")

        # Security self-assessments
        self.add("heading2", "Security Self-Assessments", number=self.n.next_sub(), key="ssa-h")
        n = f.self_assessments_reviewed
        if n:
            text = (
                f"The {short} reviewed {number_words(n)} Security "
                f"{plural(n, 'Self-Assessment')} in {month}. {details}"
            )
        else:
            text = f"No Security Self-Assessments were reviewed by the {short} in {month}."
        self.add("paragraph", text, sources=srcs(f.self_assessment_records), key="ssa")

        rows = appendix_rows(self.actor, self.period_start)
        if rows:
            self.appendix_needed = True
            self._appendix(rows)

    def _appendix(self, rows: list[Any]) -> None:
        by_section: dict[str, list[Any]] = {}
        for row in rows:
            by_section.setdefault(row.section, []).append(row)
        for section, section_rows in by_section.items():
            self.appendix.append(
                Block(kind="heading2", text=section, level=RED, key=f"app-{section}")
            )
            table = [["Party", "User Role", "Assessment", "Outcome", "Findings", "Decided"]]
            sources: list[Source] = []
            for r in section_rows:
                table.append(
                    [
                        r.party_name,
                        r.user_role,
                        r.assessment,
                        r.outcome,
                        "; ".join(f.rstrip(".") for f in r.findings) or "None",
                        r.meeting or long_date(r.decision_date),
                    ]
                )
                sources.append(source_of(r.source, RED))
            self.appendix.append(
                Block(kind="table", rows=table, level=RED, sources=sources, key=f"app-{section}-t")
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
    report: PanelReport, *, actor: Any
) -> tuple[PaperDocument, PaperDocument, list[Source]]:
    """The (public, panel) editions of `report`, and the records left out as above White."""
    c = Compiler(report, actor)
    c.compile()
    common = {
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
        appendix_title=f"Appendix A: {report.configuration.appendix_title}",
        edition="panel",
    )
    check_edition(public)
    check_edition(panel)
    return public, panel, c.omitted
