"""Demo SMKI PMA records: the DCC's recovery exercise in the live environment, expected in
June 2019, and the key custodians who need early notice (fictional people, RED)."""

from __future__ import annotations

from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.documents.demo import cite_from_highlight
from secpanel.smki import services


def load(ctx: DemoContext) -> None:
    sec = ctx.secretariat
    exercise = services.exercise_create(
        actor=sec,
        owning_body=ctx.bodies["pma"],
        title="SMKI recovery exercise in the live environment",
        planned_date=d(2019, 6, 1),
        date_is_estimate=True,
        environment="live",
        scope="The DCC's plans to exercise the SMKI Recovery Procedure (SEC Appendix L) in the "
        "live environment, with early notification to the key custodians who will need to "
        "be in attendance.",
        classification=Classification.WHITE,
        reason="Demo data",
    )
    for name, org, role, notified in (
        ("Daniel Osei", "DCC", "Recovery Key custodian", True),
        ("Fiona Marsh", "DCC", "Contingency Key custodian", False),
        ("Ravi Patel", "Meterworks Services Ltd", "SMKI PMA nominated witness", False),
    ):
        custodian = services.custodian_add(
            actor=sec,
            exercise=exercise,
            name=name,
            organisation=org,
            role=role,
            reason="Demo data",
        )
        if notified:
            services.custodian_transition(
                actor=sec, obj=custodian, name="notify", on=d(2019, 4, 26), reason="Demo data"
            )
    ctx.objects["smki:recovery-exercise-2019"] = exercise
    cite_from_highlight(ctx, "pma", "SMKI Recovery in the Live Environment", exercise)
