"""The state machines of a body's business, one declaration each (see conventions.md)."""

from __future__ import annotations

from secpanel.core.workflow import StateMachine, Transition, register
from secpanel.meetings.models import (
    Action,
    ActionStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Paper,
    PaperStatus,
)

__all__ = [
    "ACTION_TRANSITIONS",
    "MEETING_TRANSITIONS",
    "MINUTES_TRANSITIONS",
    "PAPER_TRANSITIONS",
    "Transition",
]

REFUSED = "A {noun} that is {state_lower} cannot be moved by '{label}'."
UNKNOWN = "There is no '{name}' step for a {noun}."

MEETING_TRANSITIONS = register(
    StateMachine(
        name="meetings.meeting",
        model=Meeting,
        field="status",
        initial=MeetingStatus.PLANNED,
        noun="meeting",
        refused=REFUSED,
        unknown=UNKNOWN,
        transitions={
            "hold": Transition(source="planned", target="held", label="Mark as held"),
            "cancel": Transition(
                source="planned", target="cancelled", label="Cancel", needs_reason=True
            ),
            "reinstate": Transition(source="cancelled", target="planned", label="Reinstate"),
        },
    )
)

MINUTES_TRANSITIONS = register(
    StateMachine(
        name="meetings.minutes",
        model=Minutes,
        field="status",
        initial=MinutesStatus.DRAFT,
        noun="set of minutes",
        refused=REFUSED,
        unknown=UNKNOWN,
        transitions={
            "approve": Transition(
                source="draft",
                target="approved",
                label="Approve (locks the minutes)",
                date_field="approved_on",
            ),
        },
    )
)

PAPER_TRANSITIONS = register(
    StateMachine(
        name="meetings.paper",
        model=Paper,
        field="status",
        initial=PaperStatus.DRAFT,
        noun="paper",
        refused=REFUSED,
        unknown=UNKNOWN,
        transitions={
            "issue": Transition(source="draft", target="issued", label="Issue"),
            "publish": Transition(source="issued", target="published", label="Publish"),
            "withdraw": Transition(
                source="issued", target="draft", label="Withdraw to draft", needs_reason=True
            ),
        },
    )
)

ACTION_TRANSITIONS = register(
    StateMachine(
        name="meetings.action",
        model=Action,
        field="status",
        initial=ActionStatus.OPEN,
        noun="action",
        refused=REFUSED,
        unknown=UNKNOWN,
        transitions={
            "close": Transition(
                source="open", target="closed", label="Close", date_field="closed_on"
            ),
            "cancel": Transition(
                source="open", target="cancelled", label="Cancel", needs_reason=True
            ),
            "reopen": Transition(source="closed", target="open", label="Reopen", needs_reason=True),
        },
    )
)
