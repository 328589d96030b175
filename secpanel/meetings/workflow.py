"""The state machines of a body's business, one declaration each (see conventions.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    needs_reason: bool = False


MEETING_TRANSITIONS = {
    "hold": Transition(source="planned", target="held", label="Mark as held"),
    "cancel": Transition(source="planned", target="cancelled", label="Cancel", needs_reason=True),
    "reinstate": Transition(source="cancelled", target="planned", label="Reinstate"),
}

MINUTES_TRANSITIONS = {
    "approve": Transition(source="draft", target="approved", label="Approve (locks the minutes)"),
}

PAPER_TRANSITIONS = {
    "issue": Transition(source="draft", target="issued", label="Issue"),
    "publish": Transition(source="issued", target="published", label="Publish"),
    "withdraw": Transition(
        source="issued", target="draft", label="Withdraw to draft", needs_reason=True
    ),
}

ACTION_TRANSITIONS = {
    "close": Transition(source="open", target="closed", label="Close"),
    "cancel": Transition(source="open", target="cancelled", label="Cancel", needs_reason=True),
    "reopen": Transition(source="closed", target="open", label="Reopen", needs_reason=True),
}
