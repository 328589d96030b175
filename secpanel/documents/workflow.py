"""The state machines of documents and consultations, one declaration each (see conventions.md;
drawn in docs/state-machines.md by `secpanel state-machines`)."""

from __future__ import annotations

from secpanel.core.registers import register_machine
from secpanel.core.workflow import Transition
from secpanel.documents.models import (
    Consultation,
    ConsultationStatus,
    DocumentVersion,
    VersionStatus,
)

S = VersionStatus
VERSION_TRANSITIONS = register_machine(
    "documents.version",
    DocumentVersion,
    {
        "issue_for_review": Transition((S.DRAFT,), S.ISSUED_FOR_REVIEW, "Issue for review"),
        "open_consultation": Transition(
            (S.DRAFT, S.ISSUED_FOR_REVIEW), S.IN_CONSULTATION, "Put to consultation"
        ),
        "return_to_draft": Transition(
            (S.ISSUED_FOR_REVIEW, S.IN_CONSULTATION),
            S.DRAFT,
            "Return to draft",
            style="outline-secondary",
        ),
        "approve": Transition(
            (S.DRAFT, S.ISSUED_FOR_REVIEW, S.IN_CONSULTATION),
            S.APPROVED,
            "Approve",
            needs_decision=True,
            style="success",
        ),
        "publish": Transition((S.APPROVED,), S.PUBLISHED, "Publish", style="success"),
        "supersede": Transition(
            (S.APPROVED, S.PUBLISHED), S.SUPERSEDED, "Supersede", style="outline-secondary"
        ),
    },
)

C = ConsultationStatus
CONSULTATION_TRANSITIONS = register_machine(
    "documents.consultation",
    Consultation,
    {
        "open": Transition((C.PLANNED,), C.OPEN, "Open"),
        "close": Transition((C.OPEN,), C.CLOSED, "Close"),
        "reopen": Transition((C.CLOSED,), C.OPEN, "Reopen", style="outline-secondary"),
        "conclude": Transition((C.CLOSED,), C.CONCLUDED, "Conclude", style="success"),
    },
)
