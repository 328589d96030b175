"""What the Operations Group registers give the Panel paper (`core.paper`): the Major Incident
reviews a body completed in the month ("The Ops Group reviewed two Major Incidents:", with each
incident listed by reference and title). Incidents are Amber by default: only those lowered to
White are named; the others are noted as left out."""

from __future__ import annotations

from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.operations.models import ReviewStatus
from secpanel.operations.selectors import incident_list

paper.register_phrases(
    {
        "operations.incidents.heading": Phrase(
            "Major Incident reviews", one="Major Incident review"
        ),
        "operations.incidents": Phrase(
            "The {short} reviewed {n_words} Major Incidents:",
            one="The {short} reviewed one Major Incident:",
        ),
        "operations.incident": Phrase(
            "{reference}: {title}", help="How a reviewed Major Incident is listed."
        ),
    }
)


@paper.register_facts("incident_reviews", "Major Incident reviews completed")
def incident_review_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    reviewed = ctx.white(
        incident_list(ctx.actor)
        .filter(
            owning_body=body,
            review_status__in=[ReviewStatus.REVIEWED, ReviewStatus.CLOSED],
            reviewed_on__range=(ctx.period_start, ctx.period_end),
        )
        .order_by("reviewed_on", "reference", "id")
    )
    if not reviewed:
        return []
    return [
        Fact(
            key=f"incident-reviews-{body.pk}",
            heading=ctx.say("operations.incidents.heading", len(reviewed)),
            records=list(reviewed),
            paragraphs=[ctx.say("operations.incidents", len(reviewed), short=body.short_name)],
            items=[
                ctx.say("operations.incident", reference=i.reference, title=i.title)
                for i in reviewed
            ],
            date=reviewed[-1].reviewed_on,
        )
    ]
