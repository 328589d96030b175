"""What the meetings register gives the Panel paper (`core.paper`): the "meetings" block (met
on / will meet on, with the agenda), the "highlights" block (a body's narrative highlights, each
with the facts of the records it cites, then every other fact of the body), and the decisions a
body marks for the Panel's attention."""

from __future__ import annotations

from typing import Any

from django.db import models

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.citations import citations_of_each
from secpanel.core.classification import Classification
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.meetings.models import AgendaItem, Meeting, MeetingStatus
from secpanel.meetings.selectors import (
    actions_raised_between,
    decisions_in_period,
    meetings_in_period,
    next_meeting,
    report_highlights,
)

WHITE = Classification.WHITE

paper.register_phrases(
    {
        "meetings.named": Phrase(
            "The {body} ({short})", help="How a body is first named in its meetings block."
        ),
        "meetings.met": Phrase("{named} met on the {date}."),
        "meetings.covered": Phrase("Items covered by the {short} included;"),
        "meetings.will_meet": Phrase(
            "{named} will meet on the {date}. Any urgent matters arising will be advised to the "
            "Panel via a verbal update."
        ),
        "meetings.agenda": Phrase("Agenda items to be covered by the {short},{standing} include;"),
        "meetings.agenda_standing": Phrase(
            " (in addition to {items})",
            help="Inserted in meetings.agenda when there are standing items.",
        ),
        "meetings.none": Phrase("{named} did not meet in {month}."),
        "highlights.none": Phrase(
            "The {short} had no highlights to bring to the Panel's attention in {month}."
        ),
        "decisions.heading": Phrase("Decisions", one="Decision"),
        "actions.heading": Phrase("Actions for the Panel", one="Action for the Panel"),
        "actions.for_panel": Phrase(
            "The {short} asks the Panel to {text} (action {reference}{due}).",
            help="{text} is the action as recorded, first letter lower-cased.",
        ),
        "actions.due": Phrase(", by {date}"),
    }
)


def _record_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _named(ctx: PaperContext, body: Body) -> str:
    if body.short_name != body.name:
        return ctx.say("meetings.named", body=body.name, short=body.short_name)
    return f"The {body.name}"


def agenda_items_of(actor: Reader, meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """`agenda_items_for` of several meetings in one query: meeting pk -> the agenda items
    `actor` may read, by number."""
    agendas: dict[int, list[AgendaItem]] = {m.pk: [] for m in meetings}
    if meetings:
        for item in (
            AgendaItem.objects.visible_to(actor)
            .filter(meeting__in=meetings)
            .order_by("meeting_id", "number")
        ):
            agendas[item.meeting_id].append(item)
    return agendas


def _agenda(ctx: PaperContext, rb: Any, items: list[Any], key: str, lead: str) -> None:
    standing = [i for i in items if i.standing and i.classification == WHITE]
    others = [i for i in items if not i.standing]
    shown = [i for i in others if i.classification == WHITE]
    for hidden in others:
        if hidden.classification > WHITE:
            ctx.omit(hidden)
    if not shown:
        return
    extra = ""
    if standing:
        extra = ctx.say(
            "meetings.agenda_standing", items=paper.join_words([i.title for i in standing])
        )
    ctx.add(
        "paragraph",
        ctx.say(lead, short=rb.body.short_name, standing=extra),
        sources=[ctx.source(i) for i in standing],
        key=f"{key}-agenda",
    )
    ctx.add(
        "bullets",
        items=[ctx.link(i.title) for i in shown],
        sources=[ctx.source(i) for i in shown],
        key=f"{key}-items",
    )


@paper.register_block("meetings", "Meetings: met on / will meet on, with the agenda")
def meetings_block(ctx: PaperContext, rb: Any) -> None:
    body = rb.body
    ctx.add("heading2", ctx.heading_for(rb), key=f"rb{rb.pk}")
    named = _named(ctx, body)
    held = [
        m
        for m in meetings_in_period(body, ctx.since, ctx.paper_date)
        if m.status == MeetingStatus.HELD
    ]
    upcoming = next_meeting(body, ctx.paper_date)
    if upcoming is not None and upcoming.date > ctx.meeting_date:
        upcoming = None
    agendas = agenda_items_of(ctx.actor, [*held, *([upcoming] if upcoming else [])])
    for meeting in held:
        ctx.add(
            "paragraph",
            ctx.say("meetings.met", named=named, date=ctx.long_date(meeting.date)),
            sources=[ctx.source(meeting)],
            key=f"m{meeting.pk}",
        )
        named = f"The {body.short_name}"
        _agenda(ctx, rb, agendas[meeting.pk], f"m{meeting.pk}", "meetings.covered")
    if upcoming is not None:
        ctx.add(
            "paragraph",
            ctx.say("meetings.will_meet", named=named, date=ctx.long_date(upcoming.date)),
            sources=[ctx.source(upcoming)],
            key=f"m{upcoming.pk}",
        )
        _agenda(ctx, rb, agendas[upcoming.pk], f"m{upcoming.pk}", "meetings.agenda")
    elif not held:
        ctx.add("paragraph", ctx.say("meetings.none", named=named), key=f"rb{rb.pk}-0")
    _body_business(ctx, body)


@paper.register_block("highlights", "Highlights of the body, with everything it did in the month")
def highlights_block(ctx: PaperContext, rb: Any) -> None:
    ctx.add("heading2", ctx.heading_for(rb), key=f"rb{rb.pk}")
    if not _body_business(ctx, rb.body):
        ctx.add(
            "paragraph", ctx.say("highlights.none", short=rb.body.short_name), key=f"rb{rb.pk}-none"
        )


def _fact_blocks(ctx: PaperContext, fact: Fact, *, under_highlight: bool, heading: bool) -> None:
    sources = [ctx.source(r) for r in fact.records]
    if not under_highlight and heading and fact.heading:
        ctx.add("subheading", fact.heading, sources=sources, key=f"{fact.key}-h")
    paragraphs = fact.brief if (under_highlight and fact.brief is not None) else fact.paragraphs
    for i, text in enumerate(paragraphs):
        ctx.add("paragraph", ctx.link(text), sources=sources, key=f"{fact.key}-p{i}")
    if fact.items:
        ctx.add("bullets", items=[ctx.link(t) for t in fact.items], sources=sources, key=fact.key)


def _body_business(ctx: PaperContext, body: Body) -> bool:
    """The body's highlights, each followed by the facts of the records it cites, then the
    body's other facts. Whether anything was written."""
    facts = ctx.facts_of(body)
    placed: set[str] = set()
    wrote = False
    highlights = list(report_highlights(ctx.actor, body, ctx.period_start))
    citing = citations_of_each(ctx.actor, [h for h in highlights if h.classification <= WHITE])
    for h in highlights:
        if h.classification > WHITE:
            ctx.omit(h)
            continue
        cited = {_record_key(r) for r in citing[h.pk]}
        mine = [
            f for f in facts if f.key not in placed and cited & {_record_key(r) for r in f.records}
        ]
        ctx.add("subheading", h.heading, sources=[ctx.source(h)], key=f"hl{h.pk}-h")
        if h.text:
            ctx.add("paragraph", ctx.link(h.text), sources=[ctx.source(h)], key=f"hl{h.pk}")
        for fact in mine:
            placed.add(fact.key)
            _fact_blocks(ctx, fact, under_highlight=True, heading=False)
        wrote = True
    previous = None
    for fact in facts:
        if fact.key not in placed:
            # facts of one kind in a row share their subheading
            _fact_blocks(ctx, fact, under_highlight=False, heading=fact.heading != previous)
            previous = fact.heading
            wrote = True
    return wrote


@paper.register_facts("decisions", "Decisions marked for the Panel's attention")
def decision_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    decisions = ctx.white(
        d
        for d in decisions_in_period(ctx.actor, body, ctx.period_start, ctx.period_end)
        if d.for_panel
    )
    heading = ctx.say("decisions.heading", len(decisions))
    return [
        Fact(key=f"decision-{d.pk}", heading=heading, records=[d], paragraphs=[d.text], date=d.date)
        for d in decisions
    ]


@paper.register_facts("actions", "Actions a body addresses to the Panel")
def action_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    actions = ctx.white(
        a
        for a in actions_raised_between(ctx.actor, body, ctx.period_start, ctx.period_end)
        if a.for_panel
    )
    heading = ctx.say("actions.heading", len(actions))
    facts = []
    for a in actions:
        text = a.text.strip().rstrip(".")
        text = text[:1].lower() + text[1:]
        due = ctx.say("actions.due", date=ctx.long_date(a.due_date)) if a.due_date else ""
        sentence = ctx.say(
            "actions.for_panel",
            short=body.short_name,
            text=text,
            reference=a.reference or f"#{a.pk}",
            due=due,
        )
        facts.append(
            Fact(
                key=f"action-{a.pk}",
                heading=heading,
                records=[a],
                paragraphs=[sentence],
                date=a.raised_on,
            )
        )
    return facts
