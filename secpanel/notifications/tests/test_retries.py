"""A failed delivery against the real SMTP server (aiosmtpd on loopback): a temporary refusal
(451) or the server down is tried again by the next run and sent once, a permanent one (550) is
recorded and never tried again, neither stops the other mails of the run (decisions/0025)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secpanel.core.classification import Classification
from secpanel.meetings.services import action_create
from secpanel.notifications import dispatch
from secpanel.notifications.mail import RETRY_FOR, message_id
from secpanel.notifications.models import Delivery, DeliveryStatus
from secpanel.notifications.tests.smtp import ScriptedInbox, SmtpServer, free_port

pytestmark = pytest.mark.django_db

OWNERS = ("owner_member", "owner_chair", "panel_member")
TODAY = timezone.localdate()


def _address(role: str) -> str:
    return f"{role}@example.org"


def _point_mail_at(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 10
    settings.SECPANEL_SITE_URL = "http://testserver"


@pytest.fixture
def scripted(settings):
    """A real SMTP server whose RCPT answers the test scripts (`ScriptedInbox`)."""
    with SmtpServer(ScriptedInbox()) as server:
        _point_mail_at(settings, server.port)
        assert isinstance(server.inbox, ScriptedInbox)
        yield server.inbox


def _assign_actions(world, due=None):
    """One Green action assigned to each of OWNERS: one event, one mail each."""
    for role in OWNERS:
        action_create(
            actor=world.users["owner_secretariat"],
            owning_body=world.owner,
            text=f"Action for {role}",
            raised_on=TODAY - datetime.timedelta(days=10),
            due_date=due,
            owner_person=world.users[role],
            classification=Classification.GREEN,
            reason="Test",
        )


def _received(inbox, role: str) -> int:
    return len(inbox.to(_address(role)))


def _row(world, role: str) -> Delivery:
    return Delivery.objects.get(user=world.users[role])


def test_a_451_is_retried_by_the_next_run_and_sent_exactly_once(world, scripted):
    _assign_actions(world)
    scripted.answers[_address("owner_chair")] = ["451 4.3.0 Try again later"]

    assert dispatch.dispatch_events() == 2  # the others go; the refused one does not stop them
    assert [_received(scripted, r) for r in OWNERS] == [1, 0, 1]
    waiting = _row(world, "owner_chair")
    assert (waiting.status, waiting.attempts, waiting.sent_at) == (DeliveryStatus.RETRY, 1, None)
    assert waiting.last_error.startswith("451 4.3.0")

    later = timezone.now() + datetime.timedelta(hours=1)  # past the dispatcher's overlap
    assert dispatch.dispatch_events(now=later) == 1  # its event is read again: the place moved
    assert [_received(scripted, r) for r in OWNERS] == [1, 1, 1]
    sent = _row(world, "owner_chair")
    assert (sent.status, sent.attempts, sent.last_error) == (DeliveryStatus.SENT, 2, "")
    [mail] = scripted.to(_address("owner_chair"))
    assert mail.header("Message-ID") == message_id(world.users["owner_chair"], sent.key)

    assert dispatch.dispatch_events(now=later) == 0  # a third run sends nothing
    assert len(scripted.received) == 3
    assert scripted.rcpts.count(_address("owner_chair")) == 2


def test_a_550_is_recorded_as_refused_never_retried_and_blocks_nothing(world, scripted):
    _assign_actions(world)
    scripted.refused.add(_address("owner_member"))

    assert dispatch.dispatch_events() == 2
    refused = _row(world, "owner_member")
    assert refused.status == DeliveryStatus.REFUSED and refused.sent_at is None
    assert refused.last_error.startswith("550 5.1.1")
    assert [_received(scripted, r) for r in OWNERS] == [0, 1, 1]

    _assign_actions(world)  # later events go out past the refused address
    assert dispatch.dispatch_events() == 2
    assert [_received(scripted, r) for r in OWNERS] == [0, 2, 2]
    assert scripted.rcpts.count(_address("owner_member")) == 2  # once per mail, never again
    assert Delivery.objects.filter(status=DeliveryStatus.REFUSED).count() == 2

    # the person sees it on their settings page (subject and server answer, nothing more)
    client = Client()
    client.force_login(world.users["owner_member"])
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'data-testid="undelivered"' in html
    assert "[TLP:GREEN] An action was assigned to you" in html and "550 5.1.1" in html
    other = Client()
    other.force_login(world.users["owner_chair"])
    assert (
        'data-testid="undelivered"'
        not in other.get(reverse("notifications:settings")).content.decode()
    )


def test_a_server_down_sends_nothing_and_the_next_run_delivers_each_once(world, settings):
    port = free_port()  # nothing listens there: connection refused
    _point_mail_at(settings, port)
    _assign_actions(world)

    assert dispatch.dispatch_events() == 0
    rows = list(Delivery.objects.order_by("id"))
    assert [r.status for r in rows] == [DeliveryStatus.RETRY] * 3
    assert [r.attempts for r in rows] == [1, 0, 0]  # found down once: the rest not tried
    assert "ConnectionRefusedError" in rows[0].last_error
    assert all(r.last_error.startswith("Not tried: ConnectionRefused") for r in rows[1:])

    with SmtpServer(ScriptedInbox(), port=port) as server:
        assert dispatch.dispatch_events() == 3
        assert dispatch.dispatch_events() == 0
        assert [_received(server.inbox, r) for r in OWNERS] == [1, 1, 1]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_mail_still_failing_a_day_after_its_first_try_is_given_up(world, scripted):
    _assign_actions(world)
    chair = _address("owner_chair")
    scripted.answers[chair] = ["451 4.3.0 Try again later"] * 5
    dispatch.dispatch_events()
    first = _row(world, "owner_chair").created_at

    dispatch.dispatch_events(now=first + RETRY_FOR - datetime.timedelta(minutes=1))
    assert _row(world, "owner_chair").status == DeliveryStatus.RETRY  # within the day: tried
    assert scripted.rcpts.count(chair) == 2

    dispatch.dispatch_events(now=first + RETRY_FOR)
    given_up = _row(world, "owner_chair")
    assert (given_up.status, given_up.attempts) == (DeliveryStatus.FAILED, 2)
    dispatch.dispatch_events(now=first + 2 * RETRY_FOR)
    assert scripted.rcpts.count(chair) == 2  # never tried again
    assert _received(scripted, "owner_chair") == 0


def test_a_reminder_and_a_digest_refused_for_now_are_sent_once_by_the_next_run(world, scripted):
    _assign_actions(world, due=TODAY)
    dispatch.dispatch_events()
    scripted.clear()
    member = _address("owner_member")
    scripted.answers[member] = ["421 4.7.0 Busy"]
    assert dispatch.send_reminders(TODAY) == 2
    assert _received(scripted, "owner_member") == 0
    assert dispatch.send_reminders(TODAY) == 1
    assert dispatch.send_reminders(TODAY) == 0
    [reminder] = scripted.to(member)
    assert reminder.subject == "[TLP:GREEN] An action of yours falls due today"


@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_a_retry_that_sends_the_mail_once(world, scripted, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scripted.answers[_address("owner_chair")] = ["451 4.3.0 Try again later"]
    _assign_actions(world)
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())
    assert [_received(scripted, r) for r in OWNERS] == [1, 0, 1]
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.task_path == "secpanel.notifications.tasks.retry_deliveries"
    assert retry.run_after > timezone.now()  # not before RETRY_EVERY

    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())
    assert _received(scripted, "owner_chair") == 0  # not due yet

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())
    assert [_received(scripted, r) for r in OWNERS] == [1, 1, 1]
    assert not DBTaskResult.objects.filter(status="READY").exists()  # nothing waits
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
