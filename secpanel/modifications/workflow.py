"""The modification stage machine (SEC Section D), declared once.

Draft Proposal → Development → Refinement Process → Report Phase → Change Board →
Authority decision (Paths 1 and 2) → Pending Implementation → Implemented; Withdrawn by the
Proposer before a decision; Rejected by the Change Board (Path 3) or the Authority. Fast-Track
modifications are decided by the Panel and skip Refinement and the Report Phase. On hold is a
flag, not a stage (see `services.modification_set_on_hold`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from secpanel.core.policy import can_manage_body
from secpanel.modifications.models import Modification, ModificationPath
from secpanel.modifications.models import ModificationStage as S

AUTHORITY_PATHS = (ModificationPath.PATH_1, ModificationPath.PATH_2)
SELF_GOVERNANCE_PATHS = (ModificationPath.PATH_3,)


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of `source` to `target`, for the given paths (all if None)."""

    source: tuple[str, ...]
    target: str
    label: str
    paths: tuple[str, ...] | None = None
    allowed_on_hold: bool = False
    style: str = "primary"


PRE_DECISION = (S.DRAFT_PROPOSAL, S.DEVELOPMENT, S.REFINEMENT, S.REPORT_PHASE, S.CHANGE_BOARD)

TRANSITIONS: dict[str, Transition] = {
    "start_development": Transition(
        source=(S.DRAFT_PROPOSAL,), target=S.DEVELOPMENT, label="Start the Development Stage"
    ),
    "refine": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT),
        target=S.REFINEMENT,
        label="Convert to a Modification Proposal for the Refinement Process",
        paths=(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
    ),
    "to_report_phase": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT, S.REFINEMENT),
        target=S.REPORT_PHASE,
        label="Move to the Report Phase",
        paths=(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
    ),
    "to_change_board": Transition(
        source=(S.REPORT_PHASE,),
        target=S.CHANGE_BOARD,
        label="Present to the Change Board",
        paths=(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
    ),
    "send_back_to_refinement": Transition(
        source=(S.REPORT_PHASE, S.CHANGE_BOARD),
        target=S.REFINEMENT,
        label="Send back to the Refinement Process",
        style="secondary",
    ),
    "refer_to_authority": Transition(
        source=(S.CHANGE_BOARD,),
        target=S.AUTHORITY_DECISION,
        label="Send the Change Board's recommendation to the Authority",
        paths=AUTHORITY_PATHS,
    ),
    "approve": Transition(
        source=(S.CHANGE_BOARD,),
        target=S.PENDING_IMPLEMENTATION,
        label="Approved by the Change Board (Self-Governance)",
        paths=SELF_GOVERNANCE_PATHS,
        style="success",
    ),
    "reject": Transition(
        source=(S.CHANGE_BOARD,),
        target=S.REJECTED,
        label="Rejected by the Change Board (Self-Governance)",
        paths=SELF_GOVERNANCE_PATHS,
        style="danger",
    ),
    "authority_approve": Transition(
        source=(S.AUTHORITY_DECISION,),
        target=S.PENDING_IMPLEMENTATION,
        label="Approved by the Authority",
        style="success",
    ),
    "authority_reject": Transition(
        source=(S.AUTHORITY_DECISION,),
        target=S.REJECTED,
        label="Rejected by the Authority",
        style="danger",
    ),
    "authority_send_back": Transition(
        source=(S.AUTHORITY_DECISION,),
        target=S.REPORT_PHASE,
        label="Sent back by the Authority",
        style="secondary",
    ),
    "fast_track_approve": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT),
        target=S.PENDING_IMPLEMENTATION,
        label="Approved by the Panel (Fast-Track)",
        paths=(ModificationPath.FAST_TRACK,),
        style="success",
    ),
    "fast_track_reject": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT),
        target=S.REJECTED,
        label="Rejected by the Panel (Fast-Track)",
        paths=(ModificationPath.FAST_TRACK,),
        style="danger",
    ),
    "implement": Transition(
        source=(S.PENDING_IMPLEMENTATION,),
        target=S.IMPLEMENTED,
        label="Implemented",
        style="success",
    ),
    "withdraw": Transition(
        source=PRE_DECISION,
        target=S.WITHDRAWN,
        label="Withdrawn by the Proposer",
        allowed_on_hold=True,
        style="danger",
    ),
}


def refusal(modification: Modification, name: str) -> str | None:
    """Why transition `name` is not possible now (a sentence), or None if it is."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return f"There is no stage change called “{name}”."
    stage = S(modification.stage)
    ref = modification.reference
    if stage not in transition.source:
        allowed = ", ".join(S(s).label for s in transition.source)
        return f"{ref} is at {stage.label}: “{transition.label}” is only possible from {allowed}."
    if transition.paths is not None and modification.path not in transition.paths:
        paths = ", ".join(ModificationPath(p).label for p in transition.paths)
        return (
            f"“{transition.label}” applies only to {paths} modifications; {ref} is "
            f"{ModificationPath(modification.path).label}."
        )
    if modification.on_hold and not transition.allowed_on_hold:
        return f"{ref} is on hold: take it off hold before changing its stage."
    return None


def available_transitions(user: Any, modification: Modification) -> list[tuple[str, Transition]]:
    """The transitions `user` may apply to `modification` now (drives the buttons)."""
    if not can_manage_body(user, modification.owning_body_id):
        return []
    return [(n, t) for n, t in TRANSITIONS.items() if refusal(modification, n) is None]
