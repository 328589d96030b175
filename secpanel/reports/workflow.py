"""The Panel report's state machine, declared once (see conventions.md)."""

from __future__ import annotations

from secpanel.core.workflow import StateMachine, Transition, register
from secpanel.reports.models import PanelReport, ReportStatus

TRANSITIONS = register(
    StateMachine(
        name="reports.report",
        model=PanelReport,
        field="status",
        initial=ReportStatus.DRAFT,
        noun="report",
        refused="Cannot {label_lower} a report that is {state_lower}.",
        unknown="Unknown step '{name}'.",
        transitions={
            "issue": Transition(ReportStatus.DRAFT, ReportStatus.ISSUED, "Issue"),
            "publish": Transition(ReportStatus.ISSUED, ReportStatus.PUBLISHED, "Publish"),
        },
    )
)
