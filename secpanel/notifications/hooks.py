"""The one hook into the rest of secpanel: an audit event that calls for a mail enqueues the
dispatcher once its transaction commits. No other app calls this app; the audit log every
service already writes says what happened (`core.services.record_event`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from secpanel.core.models import AuditEvent


def _enqueue_dispatch() -> None:
    from secpanel.notifications.tasks import dispatch_events

    if _already_queued(dispatch_events.get_backend(), dispatch_events.module_path):
        return
    dispatch_events.enqueue()


def _already_queued(backend: Any, path: str) -> bool:
    """Is a dispatcher already waiting in the database queue? (One is enough: it reads every
    event not yet dispatched.) Other backends keep no queue we can ask."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=path, backend_name=backend.alias).exists()


def on_audit_event(
    sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any
) -> None:
    from secpanel.notifications.dispatch import calls_for_mail

    if created and calls_for_mail(instance):
        transaction.on_commit(_enqueue_dispatch)
