"""Background work (Django's tasks framework, the `django-tasks` backport): the dispatcher of
immediate mails, the daily reminders and the digests. Run by `secpanel worker` with the
database backend (`django-tasks-db`); production may swap the backend in `TASKS`."""

from __future__ import annotations

import datetime

from django_tasks import task

from secpanel.core.redreads import red_read_log
from secpanel.notifications import dispatch


@task()
def dispatch_events() -> int:
    """Mails the new audit events call for (enqueued when such an event commits)."""
    with red_read_log("notifications.dispatch_events"):
        return dispatch.dispatch_events()


@task()
def send_reminders(day: str = "") -> int:
    """Due, overdue and closing reminders for `day` (ISO date; today by default)."""
    today = datetime.date.fromisoformat(day) if day else None
    with red_read_log("notifications.send_reminders"):
        return dispatch.send_reminders(today)


@task()
def send_digests() -> int:
    """Every digest that is due."""
    with red_read_log("notifications.send_digests"):
        return dispatch.send_digests()
