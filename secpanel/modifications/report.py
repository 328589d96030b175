"""What the modifications register gives the Panel paper (`core.paper`): the advice a body gave
on modifications in the month, as one list under the body's highlights ("The TABASC provided
the following support and advice on three different Modification Proposals: ..."), and public
links for every modification reference in the paper."""

from __future__ import annotations

from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.classification import Classification
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.modifications.models import AdviceKind, ModificationAdvice
from secpanel.modifications.text import link_references

paper.register_phrases(
    {
        "advice.heading": Phrase("Modifications Proposals support"),
        "advice.intro": Phrase(
            "The {short} provided the following support and advice on {n_words} different "
            "Modification Proposals:",
            one="The {short} provided the following advice on one Modification Proposal:",
        ),
        "advice.modification": Phrase(
            "{reference} ‘{title}’", help="How a modification is named in a sentence of advice."
        ),
        "advice.support": Phrase("The {short} supported {modification}."),
        "advice.concerns": Phrase("The {short} raised concerns about {modification}."),
        "advice.date_change": Phrase(
            "The {short} agreed that the implementation date of {modification} should be moved "
            "to {new_date}."
        ),
        "advice.suitable_for_pa": Phrase(
            "The {short} agreed that the {modification} Business Requirements are suitable for "
            "Preliminary Assessment."
        ),
    }
)


@paper.register_public_linker
def _public_modification_links(text: str) -> str:
    return link_references(text, public=True)


def advice_in_period(ctx: PaperContext, body: Body) -> list[ModificationAdvice]:
    return list(
        ModificationAdvice.objects.visible_to(ctx.actor)
        .filter(owning_body=body, date__gte=ctx.period_start, date__lte=ctx.period_end)
        .select_related("modification")
        .order_by("date", "modification__reference", "id")
    )


def advice_sentence(ctx: PaperContext, advice: ModificationAdvice, short: str) -> str:
    if advice.text.strip():
        return advice.text.strip()
    modification = advice.modification
    named = ctx.say(
        "advice.modification", reference=modification.reference, title=modification.title
    )
    values = {"short": short, "modification": named}
    if advice.kind == AdviceKind.DATE_CHANGE and advice.new_date is not None:
        values["new_date"] = ctx.long_date(advice.new_date)
    return ctx.say(f"advice.{advice.kind}", **values)


@paper.register_facts("advice", "Advice on modifications")
def advice_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    advice = []
    for a in ctx.white(advice_in_period(ctx, body)):
        # the modification is named in the paper too: a hidden one keeps its advice out
        if a.modification.classification > Classification.WHITE:
            ctx.omit(a)
        else:
            advice.append(a)
    if not advice:
        return []
    modifications = {a.modification_id for a in advice}
    return [
        Fact(
            key=f"advice-{body.pk}",
            heading=ctx.say("advice.heading", len(modifications)),
            records=list(advice),
            paragraphs=[ctx.say("advice.intro", len(modifications), short=body.short_name)],
            items=[advice_sentence(ctx, a, body.short_name) for a in advice],
            date=advice[-1].date,
        )
    ]
