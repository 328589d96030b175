"""Demo Operations Group records for March–April 2019: major incident reviews, DCC performance
report reviews and forecasting returns. Incident references and details are fictional."""

from __future__ import annotations

from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.operations import services

G, A = Classification.GREEN, Classification.AMBER


def load(ctx: DemoContext) -> None:
    sec = ctx.secretariat
    ops = ctx.bodies["ops"]
    first = services.incident_create(
        actor=sec,
        owning_body=ops,
        reference="DCC-MI-2019-007",
        title="Delayed Service Responses from the DSP",
        occurred_on=d(2019, 3, 12),
        resolved_on=d(2019, 3, 12),
        summary="Service Responses to Users were delayed for about four hours after a "
        "database failover in the DSP; no Service Requests were lost.",
        review_notes="The Ops Group reviewed the Post Incident Report and asked the DCC to "
        "confirm when the failover runbook will be updated.",
        reason="Demo data",
    )
    for name in ("request_pir", "receive_pir", "review"):
        services.incident_transition(actor=sec, obj=first, name=name, reason="Demo data")
    second = services.incident_create(
        actor=sec,
        owning_body=ops,
        reference="DCC-MI-2019-011",
        title="Communications Hub connectivity loss, northern region",
        occurred_on=d(2019, 4, 18),
        resolved_on=d(2019, 4, 19),
        summary="A CSP North network change left a group of Communications Hubs unreachable "
        "for around 20 hours.",
        reason="Demo data",
    )
    services.incident_transition(actor=sec, obj=second, name="request_pir", reason="Demo data")

    march = services.performance_review_create(
        actor=sec,
        owning_body=ops,
        period=d(2019, 3, 1),
        report_ref="DCC Performance Report, March 2019",
        received_on=d(2019, 4, 15),
        measures_below_target=2,
        summary="Two Code Performance Measures were below target; the DCC explained both by "
        "the March DSP incident.",
        classification=G,
        reason="Demo data",
    )
    services.performance_review_transition(
        actor=sec, obj=march, name="complete_review", reason="Demo data"
    )
    services.performance_review_create(
        actor=sec,
        owning_body=ops,
        period=d(2019, 4, 1),
        report_ref="DCC Performance Report, April 2019",
        summary="For review at the Ops Group meeting on 7 May 2019.",
        classification=G,
        reason="Demo data",
    )

    for key, received in (("northwind", True), ("harbour", False)):
        org = ctx.organisations.get(key)
        if org is None:
            continue
        ret = services.forecast_create(
            actor=sec,
            owning_body=ops,
            party=org,
            period=d(2019, 7, 1),
            due_on=d(2019, 5, 15),
            notes="Service Request volume forecast for July–December 2019.",
            classification=A,
            reason="Demo data",
        )
        if received:
            services.forecast_transition(
                actor=sec, obj=ret, name="receive", on=d(2019, 4, 30), reason="Demo data"
            )
