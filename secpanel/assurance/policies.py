"""The assurance register's state machines and who may move them.

One declaration per machine; `services.assessment_transition` / `services.letter_transition`
are the only code that changes a `status` field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from secpanel.assurance.models import (
    AssessmentStatus,
    DirectorsLetter,
    LetterStatus,
    UserSecurityAssessment,
)
from secpanel.core.policy import can_manage_body


@dataclass(frozen=True)
class Transition:
    """A move of a state machine: from any of `source` to `target`. `date_field` is the date
    the move records (the day it happened); `manual` moves get a button, the others happen
    through another service (the SSC's review sets an outcome)."""

    source: tuple[str, ...]
    target: str
    label: str
    date_field: str = ""
    manual: bool = True


S = AssessmentStatus
TRANSITIONS: dict[str, Transition] = {
    "start_fieldwork": Transition(
        source=(S.BOOKED,),
        target=S.FIELDWORK,
        label="Start fieldwork",
        date_field="fieldwork_start",
    ),
    "issue_report": Transition(
        source=(S.FIELDWORK,), target=S.REPORTED, label="Report issued", date_field="report_on"
    ),
    "receive_response": Transition(
        source=(S.REPORTED,),
        target=S.RESPONSE_RECEIVED,
        label="Response received",
        date_field="response_received_on",
    ),
    "review": Transition(
        source=(S.REPORTED, S.RESPONSE_RECEIVED),
        target=S.REVIEWED,
        label="Reviewed by the SSC",
        date_field="ssc_review_on",
        manual=False,
    ),
    "cancel": Transition(source=(S.BOOKED, S.FIELDWORK), target=S.CANCELLED, label="Cancel"),
}

L = LetterStatus
LETTER_TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(
        source=(L.RECEIVED,),
        target=L.APPROVED,
        label="Approved",
        date_field="reviewed_on",
        manual=False,
    ),
    "not_approve": Transition(
        source=(L.RECEIVED,),
        target=L.NOT_APPROVED,
        label="Not approved",
        date_field="reviewed_on",
        manual=False,
    ),
}


def available_transitions(user: Any, obj: UserSecurityAssessment) -> list[tuple[str, Transition]]:
    """The manual moves `user` may make on `obj` now (drives the buttons)."""
    if not can_manage_body(user, obj.owning_body_id):
        return []
    return [(name, t) for name, t in TRANSITIONS.items() if t.manual and obj.status in t.source]


def can_set_outcome(user: Any, obj: UserSecurityAssessment) -> bool:
    return (
        can_manage_body(user, obj.owning_body_id)
        and obj.status in TRANSITIONS["review"].source
        and not hasattr(obj, "outcome")
    )


def can_review_letter(user: Any, letter: DirectorsLetter) -> bool:
    return can_manage_body(user, letter.owning_body_id) and letter.status == LetterStatus.RECEIVED
