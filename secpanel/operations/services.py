"""Writes of the Operations Group registers: atomic, validated, audited and history-kept."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.registers import apply_transition
from secpanel.core.services import classified_create
from secpanel.core.workflow import apply
from secpanel.operations.models import (
    ForecastingReturn,
    MajorIncident,
    PerformanceReview,
)
from secpanel.operations.workflow import (
    INCIDENT_TRANSITIONS,
    PERFORMANCE_TRANSITIONS,
    RETURN_TRANSITIONS,
)


def incident_create(
    *,
    actor: Actor,
    owning_body: Body,
    reference: str,
    title: str,
    occurred_on: datetime.date,
    dcc_incident: bool = True,
    resolved_on: datetime.date | None = None,
    summary: str = "",
    review_notes: str = "",
    classification: Classification = Classification.AMBER,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> MajorIncident:
    obj = MajorIncident(
        owning_body=owning_body,
        reference=reference,
        title=title,
        occurred_on=occurred_on,
        dcc_incident=dcc_incident,
        resolved_on=resolved_on,
        summary=summary,
        review_notes=review_notes,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def incident_transition(
    *,
    actor: Actor,
    obj: MajorIncident,
    name: str,
    reason: str = "",
    decision: Any = None,
    on: datetime.date | None = None,
) -> MajorIncident:
    """Move an incident's review on: PIR requested, received, reviewed (the day of the review
    is stamped in `reviewed_on`: `on`, or today), closed (or reopened, which clears it so the
    next review is dated afresh)."""
    extra = {"reviewed_on": None} if name == "reopen" else {}
    return apply(
        INCIDENT_TRANSITIONS,
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        decision=decision,
        on=on,
        extra=extra,
    )


def performance_review_create(
    *,
    actor: Actor,
    owning_body: Body,
    period: datetime.date,
    report_ref: str = "",
    received_on: datetime.date | None = None,
    measures_below_target: int | None = None,
    summary: str = "",
    classification: Classification = Classification.GREEN,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> PerformanceReview:
    obj = PerformanceReview(
        owning_body=owning_body,
        period=period.replace(day=1),
        report_ref=report_ref,
        received_on=received_on,
        measures_below_target=measures_below_target,
        summary=summary,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def performance_review_transition(
    *, actor: Actor, obj: PerformanceReview, name: str, reason: str = "", decision: Any = None
) -> PerformanceReview:
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=PERFORMANCE_TRANSITIONS,
        decision=decision,
    )


def forecast_create(
    *,
    actor: Actor,
    owning_body: Body,
    party: Any,
    period: datetime.date,
    due_on: datetime.date,
    notes: str = "",
    classification: Classification = Classification.AMBER,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> ForecastingReturn:
    obj = ForecastingReturn(
        owning_body=owning_body,
        party=party,
        period=period.replace(day=1),
        due_on=due_on,
        notes=notes,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def forecast_transition(
    *,
    actor: Actor,
    obj: ForecastingReturn,
    name: str,
    reason: str = "",
    decision: Any = None,
    on: datetime.date | None = None,
) -> ForecastingReturn:
    """Receive (dated), mark late, query or resolve a forecasting return."""
    extra = {"received_on": on or datetime.date.today()} if name == "receive" else {}
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=RETURN_TRANSITIONS,
        decision=decision,
        extra=extra,
    )
