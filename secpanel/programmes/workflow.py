"""The state machines of TAG's testing registers, one declaration each (see conventions.md;
drawn in docs/state-machines.md by `secpanel state-machines`)."""

from __future__ import annotations

from secpanel.core.registers import register_machine
from secpanel.core.workflow import Transition
from secpanel.programmes.models import (
    CriterionStatus,
    DeviceModelCombination,
    DmcStatus,
    ExitCriterion,
    PhaseStatus,
    TestPhase,
)

P = PhaseStatus
PHASE_TRANSITIONS = register_machine(
    "programmes.phase",
    TestPhase,
    {
        "start": Transition((P.PLANNED,), P.IN_PROGRESS, "Start"),
        "flag_at_risk": Transition((P.IN_PROGRESS,), P.AT_RISK, "Flag at risk", style="warning"),
        "back_on_track": Transition((P.AT_RISK,), P.IN_PROGRESS, "Back on track"),
        "exit": Transition(
            (P.IN_PROGRESS, P.AT_RISK),
            P.EXIT_CRITERIA_MET,
            "Exit criteria met",
            needs_decision=True,
            style="success",
        ),
        "complete": Transition((P.EXIT_CRITERIA_MET,), P.COMPLETE, "Complete", style="success"),
    },
)

C = CriterionStatus
CRITERION_TRANSITIONS = register_machine(
    "programmes.criterion",
    ExitCriterion,
    {
        "meet": Transition(
            (C.OPEN, C.NOT_MET, C.AMENDMENT_SOUGHT),
            C.MET,
            "Met",
            needs_decision=True,
            style="success",
        ),
        "judge_not_met": Transition(
            (C.OPEN, C.AMENDMENT_SOUGHT), C.NOT_MET, "Not met", needs_decision=True, style="warning"
        ),
        "seek_amendment": Transition(
            (C.OPEN, C.NOT_MET), C.AMENDMENT_SOUGHT, "Amendment sought", style="warning"
        ),
        "amend": Transition((C.AMENDMENT_SOUGHT,), C.OPEN, "Amendment agreed", needs_decision=True),
        "refuse_amendment": Transition(
            (C.AMENDMENT_SOUGHT,), C.OPEN, "Amendment refused", needs_decision=True
        ),
    },
)

D = DmcStatus
DMC_TRANSITIONS = register_machine(
    "programmes.dmc",
    DeviceModelCombination,
    {
        "approve": Transition(
            (D.AWAITING,), D.APPROVED, "Approve", needs_decision=True, style="success"
        ),
        "reject": Transition(
            (D.AWAITING,), D.REJECTED, "Reject", needs_decision=True, style="warning"
        ),
        "withdraw": Transition((D.AWAITING,), D.WITHDRAWN, "Withdraw", style="outline-secondary"),
    },
)
