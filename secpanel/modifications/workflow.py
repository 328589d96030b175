"""The modification stage machine (SEC Section D), declared once.

Draft Proposal → Development → Refinement Process → Report Phase → Change Board →
Authority decision (Paths 1 and 2) → Pending Implementation → Implemented; Withdrawn by the
Proposer before a decision; Rejected by the Change Board (Path 3) or the Authority. Fast-Track
modifications are decided by the Panel and skip Refinement and the Report Phase. On hold is a
flag, not a stage (see `services.modification_set_on_hold`).
"""

from __future__ import annotations

from secpanel.accounts.types import Reader
from secpanel.core.policy import can_manage_body
from secpanel.core.workflow import Guard, StateMachine, Transition, available, register
from secpanel.core.workflow import refusal as core_refusal
from secpanel.modifications.models import Modification, ModificationPath
from secpanel.modifications.models import ModificationStage as S

AUTHORITY_PATHS = (ModificationPath.PATH_1, ModificationPath.PATH_2)
SELF_GOVERNANCE_PATHS = (ModificationPath.PATH_3,)


def only_for(*paths: str) -> Guard:
    """A guard: the move applies only to modifications on one of `paths`."""
    names = ", ".join(ModificationPath(p).label for p in paths)

    def guard(modification: Modification, transition: Transition) -> str | None:
        if modification.path in paths:
            return None
        return (
            f"“{transition.label}” applies only to {names} modifications; "
            f"{modification.reference} is {ModificationPath(modification.path).label}."
        )

    guard.__doc__ = f"only for {names}"
    return guard


def not_on_hold(modification: Modification, transition: Transition) -> str | None:
    """not on hold (on hold freezes the stage; the Proposer may still withdraw)"""
    if modification.on_hold and transition.target != S.WITHDRAWN:
        return f"{modification.reference} is on hold: take it off hold before changing its stage."
    return None


PRE_DECISION = (S.DRAFT_PROPOSAL, S.DEVELOPMENT, S.REFINEMENT, S.REPORT_PHASE, S.CHANGE_BOARD)

_MOVES: dict[str, Transition] = {
    "start_development": Transition(
        source=(S.DRAFT_PROPOSAL,), target=S.DEVELOPMENT, label="Start the Development Stage"
    ),
    "refine": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT),
        target=S.REFINEMENT,
        label="Convert to a Modification Proposal for the Refinement Process",
        guard=only_for(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
    ),
    "to_report_phase": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT, S.REFINEMENT),
        target=S.REPORT_PHASE,
        label="Move to the Report Phase",
        guard=only_for(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
    ),
    "to_change_board": Transition(
        source=(S.REPORT_PHASE,),
        target=S.CHANGE_BOARD,
        label="Present to the Change Board",
        guard=only_for(*AUTHORITY_PATHS, *SELF_GOVERNANCE_PATHS),
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
        guard=only_for(*AUTHORITY_PATHS),
    ),
    "approve": Transition(
        source=(S.CHANGE_BOARD,),
        target=S.PENDING_IMPLEMENTATION,
        label="Approved by the Change Board (Self-Governance)",
        guard=only_for(*SELF_GOVERNANCE_PATHS),
        style="success",
    ),
    "reject": Transition(
        source=(S.CHANGE_BOARD,),
        target=S.REJECTED,
        label="Rejected by the Change Board (Self-Governance)",
        guard=only_for(*SELF_GOVERNANCE_PATHS),
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
        guard=only_for(ModificationPath.FAST_TRACK),
        style="success",
    ),
    "fast_track_reject": Transition(
        source=(S.DRAFT_PROPOSAL, S.DEVELOPMENT),
        target=S.REJECTED,
        label="Rejected by the Panel (Fast-Track)",
        guard=only_for(ModificationPath.FAST_TRACK),
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
        style="danger",
    ),
}


TRANSITIONS = register(
    StateMachine(
        name="modifications.modification",
        model=Modification,
        field="stage",
        initial=S.DRAFT_PROPOSAL,
        refused="{obj.reference} is at {state}: “{label}” is only possible from {allowed}.",
        unknown="There is no stage change called “{name}”.",
        guards=(not_on_hold,),
        transitions=_MOVES,
    )
)


def refusal(modification: Modification, name: str) -> str | None:
    """Why transition `name` is not possible now (a sentence), or None if it is."""
    return core_refusal(TRANSITIONS, modification, name)


def available_transitions(user: Reader, modification: Modification) -> list[tuple[str, Transition]]:
    """The transitions `user` may apply to `modification` now (drives the buttons)."""
    if not can_manage_body(user, modification.owning_body_id):
        return []
    return available(TRANSITIONS, modification)
