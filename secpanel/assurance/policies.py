"""Who may move the assurance register's state machines (declared in `workflow.py`)."""

from __future__ import annotations

from secpanel.accounts.types import Reader
from secpanel.assurance.models import DirectorsLetter, LetterStatus, UserSecurityAssessment
from secpanel.assurance.workflow import LETTER_TRANSITIONS, TRANSITIONS, Transition
from secpanel.core.policy import can_manage_body
from secpanel.core.workflow import available

__all__ = ["LETTER_TRANSITIONS", "TRANSITIONS", "Transition", "available_transitions"]


def available_transitions(
    user: Reader, obj: UserSecurityAssessment
) -> list[tuple[str, Transition]]:
    """The manual moves `user` may make on `obj` now (drives the buttons)."""
    if not can_manage_body(user, obj.owning_body_id):
        return []
    return available(TRANSITIONS, obj)


def can_set_outcome(user: Reader, obj: UserSecurityAssessment) -> bool:
    return (
        can_manage_body(user, obj.owning_body_id)
        and obj.status in TRANSITIONS["review"].source
        and not hasattr(obj, "outcome")
    )


def can_review_letter(user: Reader, letter: DirectorsLetter) -> bool:
    return can_manage_body(user, letter.owning_body_id) and letter.status == LetterStatus.RECEIVED
