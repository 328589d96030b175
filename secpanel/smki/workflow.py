"""The state machines of the SMKI PMA registers, one declaration each (see conventions.md;
drawn in docs/state-machines.md by `secpanel state-machines`)."""

from __future__ import annotations

from secpanel.core.registers import register_machine
from secpanel.core.workflow import Transition
from secpanel.smki.models import ExerciseStatus, KeyCustodian, NotificationStatus, RecoveryExercise

E = ExerciseStatus
EXERCISE_TRANSITIONS = register_machine(
    "smki.exercise",
    RecoveryExercise,
    {
        "schedule": Transition((E.PROPOSED,), E.SCHEDULED, "Schedule"),
        "record_held": Transition((E.SCHEDULED,), E.HELD, "Record as held", style="success"),
        "cancel": Transition(
            (E.PROPOSED, E.SCHEDULED), E.CANCELLED, "Cancel", style="outline-secondary"
        ),
    },
)

N = NotificationStatus
CUSTODIAN_TRANSITIONS = register_machine(
    "smki.custodian",
    KeyCustodian,
    {
        "notify": Transition((N.PENDING,), N.NOTIFIED, "Notified"),
        "confirm": Transition((N.NOTIFIED,), N.CONFIRMED, "Attendance confirmed", style="success"),
    },
    field="notification",
)
