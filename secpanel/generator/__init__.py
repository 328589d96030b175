"""The business history generator (`secpanel generate`): a plain package, not an app.

On top of the demo (the seed month, April–May 2019), it writes what the bodies did every month
after it, up to `--until` (default: today), and the meetings of the two months after that as
planned, with their agendas: every body's meetings (`calendar.py`), their agendas, decisions,
actions, attendance, minutes and highlights (`business.py`, `writers.py`, `meetings.py`), and
what the registers do at them: modifications moving through their stages (`modifications.py`),
the SSC's assessments, outcomes and Director's Letters (`assurance.py`), incidents, performance
reviews, forecasts, recovery exercises, documents, consultations, test phases and Device Model
Combinations (`registers.py`), then the Panel's papers of the last three months, compiled,
issued and published (`papers.py`).

Deterministic: everything is drawn from `random.Random` streams named after the seed and the
record (a meeting's day, an action's reference), and every date is computed from the calendar;
the clock is read only to default `--until`. A second run adds nothing: a held meeting is
skipped, and what the registers add is found again by its natural key.
"""

from secpanel.generator.context import BULK_ABOVE, Options
from secpanel.generator.runner import Result, generate

__all__ = ["BULK_ABOVE", "Options", "Result", "generate"]
