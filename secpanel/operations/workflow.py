"""The state machines of the Operations Group registers, one declaration each (see conventions.md;
drawn in docs/state-machines.md by `secpanel state-machines`)."""

from __future__ import annotations

from secpanel.core.registers import register_machine
from secpanel.core.workflow import Transition
from secpanel.operations.models import (
    ForecastingReturn,
    MajorIncident,
    PerformanceReview,
    PerformanceStatus,
    ReturnStatus,
    ReviewStatus,
)

R = ReviewStatus
INCIDENT_TRANSITIONS = register_machine(
    "operations.incident",
    MajorIncident,
    {
        "request_pir": Transition((R.OPEN,), R.PIR_REQUESTED, "Request Post Incident Report"),
        "receive_pir": Transition(
            (R.PIR_REQUESTED,), R.PIR_RECEIVED, "Post Incident Report received"
        ),
        "review": Transition(
            (R.OPEN, R.PIR_RECEIVED),
            R.REVIEWED,
            "Reviewed",
            style="success",
            date_field="reviewed_on",
        ),
        "close": Transition((R.REVIEWED,), R.CLOSED, "Close", style="success"),
        "reopen": Transition((R.REVIEWED, R.CLOSED), R.OPEN, "Reopen", style="outline-secondary"),
    },
    field="review_status",
)

P = PerformanceStatus
PERFORMANCE_TRANSITIONS = register_machine(
    "operations.performance",
    PerformanceReview,
    {
        "start_review": Transition((P.RECEIVED,), P.UNDER_REVIEW, "Start review"),
        "complete_review": Transition(
            (P.RECEIVED, P.UNDER_REVIEW), P.REVIEWED, "Review complete", style="success"
        ),
    },
)

F = ReturnStatus
RETURN_TRANSITIONS = register_machine(
    "operations.forecast",
    ForecastingReturn,
    {
        "receive": Transition((F.DUE, F.LATE), F.RECEIVED, "Received", style="success"),
        "mark_late": Transition((F.DUE,), F.LATE, "Late", style="warning"),
        "query": Transition((F.RECEIVED,), F.QUERIED, "Query it", style="warning"),
        "resolve_query": Transition((F.QUERIED,), F.RECEIVED, "Query resolved"),
    },
)
