"""The assurance register's state machines, one declaration each (see conventions.md; drawn
in docs/state-machines.md by `secpanel state-machines`).

`services.assessment_transition` / `services.letter_transition` are the only code that
changes a `status` field; each move stamps the date field it names (the day it happened).
Moves that are not `manual` happen through another service (the SSC's review sets an
outcome; a Directors' letter is approved or not by `letter_review`).
"""

from __future__ import annotations

from secpanel.assurance.models import (
    AssessmentStatus,
    DirectorsLetter,
    LetterStatus,
    UserSecurityAssessment,
)
from secpanel.core.workflow import StateMachine, Transition, register

__all__ = ["LETTER_TRANSITIONS", "TRANSITIONS", "Transition"]

REFUSED = "“{label}” is not possible while the record is {state_lower}."

S = AssessmentStatus
TRANSITIONS = register(
    StateMachine(
        name="assurance.assessment",
        model=UserSecurityAssessment,
        field="status",
        refused=REFUSED,
        transitions={
            "start_fieldwork": Transition(
                source=(S.BOOKED,),
                target=S.FIELDWORK,
                label="Start fieldwork",
                date_field="fieldwork_start",
            ),
            "issue_report": Transition(
                source=(S.FIELDWORK,),
                target=S.REPORTED,
                label="Report issued",
                date_field="report_on",
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
            "cancel": Transition(
                source=(S.BOOKED, S.FIELDWORK), target=S.CANCELLED, label="Cancel"
            ),
        },
    )
)

L = LetterStatus
LETTER_TRANSITIONS = register(
    StateMachine(
        name="assurance.directors_letter",
        model=DirectorsLetter,
        field="status",
        refused=REFUSED,
        transitions={
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
        },
    )
)
