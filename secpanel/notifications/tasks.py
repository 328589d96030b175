"""Background work (Django's tasks framework, the `django-tasks` backport): the dispatcher of
immediate mails, the daily reminders and the digests. Run by `secpanel worker` with the
database backend (`django-tasks-db`); production may swap the backend in `TASKS`.

A task that leaves mails waiting for a retry (a temporary SMTP failure) queues
`retry_deliveries` to run `RETRY_EVERY` later, when the backend can defer (decisions/0025)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.base import BaseTaskBackend

from secpanel.core.redreads import red_read_log
from secpanel.notifications import dispatch
from secpanel.notifications.models import Delivery, DeliveryStatus

RETRY_EVERY = datetime.timedelta(minutes=10)
REMINDER_KINDS = ("action_due", "action_overdue", "consultation_closing")


@task()
def dispatch_events() -> int:
    """Mails the new audit events call for (enqueued when such an event commits)."""
    with red_read_log("notifications.dispatch_events"):
        sent = dispatch.dispatch_events()
    schedule_retry()
    return sent


@task()
def send_reminders(day: str = "") -> int:
    """Due, overdue and closing reminders for `day` (ISO date; today by default)."""
    today = datetime.date.fromisoformat(day) if day else None
    with red_read_log("notifications.send_reminders"):
        sent = dispatch.send_reminders(today)
    schedule_retry()
    return sent


@task()
def send_digests() -> int:
    """Every digest that is due."""
    with red_read_log("notifications.send_digests"):
        sent = dispatch.send_digests()
    schedule_retry()
    return sent


@task()
def retry_deliveries() -> int:
    """Try again the mails waiting after a temporary failure: the events they came from, the
    reminders of the days they were for, the digests (each run makes the same mails again,
    to people who may still read what they mention, and sends only those not yet sent)."""
    waiting = Delivery.objects.filter(status=DeliveryStatus.RETRY)
    sent = 0
    with red_read_log("notifications.retry_deliveries"):
        if waiting.filter(event_id__isnull=False).exists():
            sent += dispatch.dispatch_events()
        first_tries = waiting.filter(kind__in=REMINDER_KINDS).values_list("created_at", flat=True)
        for day in sorted({timezone.localdate(at) for at in first_tries}):
            sent += dispatch.send_reminders(day)
        if waiting.filter(kind="digest").exists():
            sent += dispatch.send_digests()
    schedule_retry()
    return sent


def schedule_retry() -> bool:
    """Queue `retry_deliveries` after `RETRY_EVERY` if mails wait for a retry and none is
    queued yet. False when nothing waits or the backend cannot defer (the next run retries)."""
    if not Delivery.objects.filter(status=DeliveryStatus.RETRY).exists():
        return False
    backend = retry_deliveries.get_backend()
    if not backend.supports_defer or _retry_waiting(backend):
        return False
    retry_deliveries.using(run_after=timezone.now() + RETRY_EVERY).enqueue()
    return True


def _retry_waiting(backend: BaseTaskBackend) -> bool:
    """Is a retry already queued (due now or later) in the database queue?"""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=retry_deliveries.module_path,
        backend_name=backend.alias,
    ).exists()
