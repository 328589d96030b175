"""Writes to the assurance register: atomic, validated, audited, history-kept (core.services).

Records default to RED (Party-identifying) and a child record (assessment, finding, outcome,
letter) inherits its parent's RED distribution unless one is given.
"""

from secpanel.assurance.services.letters import (
    finding_close,
    finding_create,
    finding_update,
    letter_create,
    letter_review,
    letter_transition,
    letter_update,
)
from secpanel.assurance.services.records import (
    assessment_create,
    assessment_transition,
    assessment_update,
    outcome_set,
    sec_user_create,
    sec_user_update,
)

__all__ = [
    "assessment_create",
    "assessment_transition",
    "assessment_update",
    "finding_close",
    "finding_create",
    "finding_update",
    "letter_create",
    "letter_review",
    "letter_transition",
    "letter_update",
    "outcome_set",
    "sec_user_create",
    "sec_user_update",
]
