"""What the SMKI PMA registers give the Panel paper (`core.paper`): the SMKI recovery exercises
held in the month ("The SMKI recovery exercise in the live environment was held on 5 June
2019."), with a summary of how each went. Key custodians are never named.

The register keeps no date of the "Record as held" move: an exercise is dated by its planned
date (fixed when it was scheduled), which is also what places it in a month."""

from __future__ import annotations

from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.smki.models import ExerciseStatus, RecoveryExercise
from secpanel.smki.selectors import exercise_list

paper.register_phrases(
    {
        "smki.exercise.heading": Phrase("SMKI recovery exercises", one="SMKI recovery exercise"),
        "smki.exercise.held": Phrase("The {exercise} was held {when}."),
        "smki.exercise.held.brief": Phrase(
            "The exercise was held {when}.",
            help="Under a highlight that already says which exercise it was.",
        ),
        "smki.exercise.on": Phrase("on {date}", help="An exercise's date, when it is fixed."),
        "smki.exercise.in": Phrase(
            "in {month}",
            help="An exercise's date, when only the month it was expected in is known.",
        ),
    }
)


def _named(exercise: RecoveryExercise) -> str:
    """The title without a leading "The" (the sentence gives it)."""
    title = exercise.title.strip()
    if title[:4].lower() == "the ":
        title = title[4:]
    return title


def _when(ctx: PaperContext, exercise: RecoveryExercise) -> str:
    day = exercise.planned_date
    if day is None or exercise.date_is_estimate:
        # only the month is known, and the exercise is selected by it: the reporting month
        return ctx.say("smki.exercise.in")
    return ctx.say("smki.exercise.on", date=ctx.long_date(day))


def _summary(outcome: str) -> list[str]:
    """The first paragraph of the outcome (Markdown), as the paper's summary of it."""
    first = outcome.strip().split("\n\n", 1)[0]
    text = " ".join(line.strip() for line in first.splitlines()).strip()
    return [text] if text else []


@paper.register_facts("recovery_exercises", "SMKI recovery exercises held")
def exercise_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    held = ctx.white(
        exercise_list(ctx.actor)
        .filter(
            owning_body=body,
            status=ExerciseStatus.HELD,
            planned_date__range=(ctx.period_start, ctx.period_end),
        )
        .order_by("planned_date", "id")
    )
    heading = ctx.say("smki.exercise.heading", len(held))
    facts = []
    for exercise in held:
        when = _when(ctx, exercise)
        summary = _summary(exercise.outcome)
        sentence = ctx.say("smki.exercise.held", exercise=_named(exercise), when=when)
        facts.append(
            Fact(
                key=f"exercise-{exercise.pk}",
                heading=heading,
                records=[exercise],
                paragraphs=[sentence, *summary],
                brief=[ctx.say("smki.exercise.held.brief", when=when), *summary],
                date=exercise.planned_date,
            )
        )
    return facts
