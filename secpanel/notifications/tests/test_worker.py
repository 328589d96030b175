"""The real database task queue (django-tasks-db) and `secpanel worker`: an event that calls
for a mail queues the dispatcher once its transaction commits (one waiting dispatcher is
enough), and the worker sends the mail over SMTP; `secpanel notify-due` queues the daily run."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secpanel.core.classification import Classification
from secpanel.meetings.services import action_create

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _action(world, text, due=None):
    return action_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        text=text,
        raised_on=timezone.localdate() - datetime.timedelta(days=10),
        due_date=due,
        owner_person=world.users["owner_member"],
        classification=Classification.GREEN,
        reason="Test",
    )


def _worker() -> None:
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())


def test_an_assigned_action_is_queued_on_commit_and_the_worker_mails_it(world, inbox, settings):
    settings.TASKS = DB_TASKS
    _action(world, "First")
    _action(world, "Second")
    queued = DBTaskResult.objects.all()
    assert [(t.task_path, t.status) for t in queued] == [
        ("secpanel.notifications.tasks.dispatch_events", "READY")
    ]  # two commits, one waiting dispatcher: it reads every event not yet dispatched
    _worker()
    assert {t.status for t in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    mails = inbox.to("owner_member@example.org")
    assert sorted(m.body.count("Action: ") for m in mails) == [1, 1]
    assert {("First" in m.body, "Second" in m.body) for m in mails} == {
        (True, False),
        (False, True),
    }


def test_notify_due_queues_the_daily_run_for_the_worker(world, inbox, settings):
    settings.TASKS = DB_TASKS
    _action(world, "Due today", due=timezone.localdate())
    _worker()
    inbox.clear()
    call_command("notify_due", stdout=io.StringIO())
    paths = sorted(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert paths == [
        "secpanel.notifications.tasks.dispatch_events",
        "secpanel.notifications.tasks.send_digests",
        "secpanel.notifications.tasks.send_reminders",
    ]
    _worker()
    subjects = sorted(m.subject for m in inbox.to("owner_member@example.org"))
    assert "[TLP:GREEN] An action of yours falls due today" in subjects
    assert "[TLP:GREEN] Your weekly secpanel digest" not in subjects  # follows nothing
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
