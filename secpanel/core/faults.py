"""Named fault points for the fault tests: kill this process at a chosen point of a long job.

`fault_point("import.after_rows")` does nothing unless the environment variable
`SECPANEL_FAULT` names that point (a comma-separated list), and then kills the process with
SIGKILL at once: no `finally`, no atexit, no flush, exactly as an operator's `kill -9` or the
kernel's out-of-memory killer would. The fault tests (backups, exchange, reports) start a real
`secpanel` process with the variable set and check that the database and the stored files are
as they were, or complete, afterwards. In normal running the variable is unset and this is one
dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "SECPANEL_FAULT"


def armed(name: str) -> bool:
    """Is the fault point `name` armed in this process's environment?"""
    return name in {p.strip() for p in os.environ.get(ENV, "").split(",") if p.strip()}


def fault_point(name: str) -> None:
    """Kill this process with SIGKILL here, if `SECPANEL_FAULT` names `name`."""
    if armed(name):
        os.kill(os.getpid(), signal.SIGKILL)
