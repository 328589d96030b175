"""Mails at once, reminders and digests, delivered over SMTP to a server on loopback: who gets
what, the marking in every subject, nothing above Green in a body, each mail once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.services import classified_update
from secpanel.documents.services import consultation_create, consultation_transition
from secpanel.meetings.services import action_create, action_update, highlight_create
from secpanel.modifications.services import modification_create, modification_transition
from secpanel.notifications import dispatch, services
from secpanel.notifications.mail import read_unsubscribe_token
from secpanel.notifications.models import Delivery, DigestFrequency

pytestmark = pytest.mark.django_db

G, A, R = Classification.GREEN, Classification.AMBER, Classification.RED
TODAY = timezone.localdate()


def _action(world, level, text, owner="owner_member", due=None):
    return action_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        text=text,
        raised_on=TODAY - datetime.timedelta(days=90),
        due_date=due,
        owner_person=world.users[owner],
        classification=level,
        reason="Test",
    )


def test_a_green_action_assigned_mails_its_owner_with_title_marking_and_links(world, inbox):
    action = _action(world, G, "Publish SCF V1.16", due=TODAY + datetime.timedelta(days=9))
    assert dispatch.dispatch_events() == 1
    [mail] = inbox.to("owner_member@example.org")
    assert mail.subject == "[TLP:GREEN] An action was assigned to you"
    assert "Publish SCF V1.16" in mail.body
    assert f"http://testserver/actions/{action.pk}/" in mail.body
    assert "This document has a Classification of Green" in mail.body
    unsubscribe = mail.header("List-Unsubscribe")
    assert unsubscribe.startswith("<http://testserver/notifications/unsubscribe/")
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (world.users["owner_member"].pk, "action")
    assert mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_an_amber_action_is_mailed_by_marking_and_link_only(world, inbox):
    action = _action(world, A, "Replace the SECRETWORD keys", due=TODAY)
    dispatch.dispatch_events()
    [mail] = inbox.to("owner_member@example.org")
    assert mail.subject == "[TLP:AMBER] An action was assigned to you"
    assert "SECRETWORD" not in mail.everything
    assert "An Amber action (sign in to read it)" in mail.body
    assert f"/actions/{action.pk}/" in mail.body


def test_a_second_run_sends_nothing_again(world, inbox):
    _action(world, G, "Once only")
    assert dispatch.dispatch_events() == 1
    assert dispatch.dispatch_events() == 0
    assert len(inbox.received) == 1


def test_reassigning_an_action_mails_the_new_owner_only(world, inbox):
    action = _action(world, G, "Hand over")
    dispatch.dispatch_events()
    inbox.clear()
    action_update(
        actor=world.users["owner_secretariat"],
        action=action,
        owner_person=world.users["owner_chair"],
        reason="Reassigned",
    )
    dispatch.dispatch_events()
    assert [m.to for m in inbox.received] == [["owner_chair@example.org"]]


def test_an_action_its_owner_cannot_read_is_silently_dropped(world, inbox):
    # an Amber action of the SSC assigned to someone who reads only Green
    _action(world, A, "CANARY-AMBER-ACTION", owner="party")
    assert dispatch.dispatch_events() == 0
    assert inbox.received == []


def test_a_switched_off_kind_is_not_sent(world, inbox):
    services.settings_update(actor=world.users["owner_member"], mail_actions=False)
    _action(world, G, "Not wanted")
    assert dispatch.dispatch_events() == 0


def test_a_red_record_distributed_to_someone_says_marking_and_link_only(world, inbox):
    highlight = highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        heading="CANARY-RED-HEADING",
        text="CANARY-RED-TEXT",
        period=TODAY,
        classification=R,
        reason="Test",
    )
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=highlight,
        changes={},
        distribution=[world.users["red_recipient"]],
        reason="Share",
    )
    dispatch.dispatch_events()
    [mail] = inbox.to("red_recipient@example.org")
    assert mail.subject == "[TLP:RED] A Red record was distributed to you"
    assert f"http://testserver/highlights/{highlight.pk}/" in mail.body
    assert "CANARY" not in mail.everything
    assert len(inbox.received) == 1  # nobody else was added


def test_a_record_created_red_with_a_distribution_mails_the_people_named(world, inbox):
    highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        heading="CANARY-RED-NEW",
        text="x",
        period=TODAY,
        classification=R,
        distribution=[world.users["red_recipient"]],
        reason="Test",
    )
    dispatch.dispatch_events()
    [mail] = inbox.to("red_recipient@example.org")
    assert "CANARY" not in mail.everything and "[TLP:RED]" in mail.subject


def test_a_consultation_opening_mails_party_users_and_followers_who_may_read_it(world, inbox):
    from secpanel.accounts.models import User

    User.objects.filter(pk=world.users["owner_member"].pk).update(organisation=None)
    User.objects.filter(pk=world.users["owner_chair"].pk).update(organisation=None)
    consultation = consultation_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="SCF consultation",
        closes_on=TODAY + datetime.timedelta(days=30),
        classification=G,
    )
    services.follow(actor=world.users["owner_chair"], target=consultation)
    consultation_transition(
        actor=world.users["owner_secretariat"], obj=consultation, name="open", reason="Open"
    )
    dispatch.dispatch_events()
    received = {r.to[0] for r in inbox.received}
    assert "party@example.org" in received  # a Party user
    assert "owner_chair@example.org" in received  # a follower
    assert "owner_member@example.org" not in received  # neither
    assert "inactive_owner_member@example.org" not in received
    mail = inbox.to("party@example.org")[0]
    assert mail.subject == "[TLP:GREEN] A consultation opened"
    assert "SCF consultation" in mail.body


def test_reminders_due_today_overdue_and_closing_are_sent_once(world, inbox):
    due = _action(world, G, "Due today", due=TODAY)
    late = _action(world, A, "CANARY-LATE", due=TODAY - datetime.timedelta(days=2))
    _action(world, G, "Long overdue", due=TODAY - datetime.timedelta(days=60))
    consultation = consultation_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="Closing soon",
        closes_on=TODAY + datetime.timedelta(days=5),
        classification=G,
    )
    consultation_transition(
        actor=world.users["owner_secretariat"], obj=consultation, name="open", reason="Open"
    )
    sent = dispatch.send_reminders(TODAY)
    assert sent > 0
    assert dispatch.send_reminders(TODAY) == 0
    mine = inbox.to("owner_member@example.org")
    subjects = sorted(m.subject for m in mine)
    assert "[TLP:GREEN] An action of yours falls due today" in subjects
    assert "[TLP:AMBER] An action is overdue" in subjects
    assert "[TLP:GREEN] A consultation closes within a week" in subjects
    assert not any("Long overdue" in m.body for m in mine)
    assert any(f"/actions/{due.pk}/" in m.body for m in mine)
    assert any(f"/actions/{late.pk}/" in m.body for m in mine)
    assert not any("CANARY" in m.everything for m in inbox.received)


def test_the_digest_lists_green_changes_by_title_and_counts_restricted_ones(world, inbox):
    member = world.users["owner_member"]
    secretariat = world.users["owner_secretariat"]
    green = modification_create(
        actor=secretariat,
        owning_body=world.owner,
        reference="SECMP0024",
        title="Green mod",
        classification=G,
        reason="Test",
    )
    amber = modification_create(
        actor=secretariat,
        owning_body=world.owner,
        reference="SECMP0025",
        title="CANARY-AMBER-MOD",
        classification=A,
        reason="Test",
    )
    services.follow(actor=member, target=green)
    services.follow(actor=member, target=amber)
    for mod in (green, amber):
        modification_transition(actor=secretariat, obj=mod, name="start_development", reason="Go")
    assert dispatch.send_digests() >= 1
    [digest] = inbox.to("owner_member@example.org")
    assert digest.subject == "[TLP:GREEN] Your weekly secpanel digest"
    assert "Modification: SECMP0024 Green mod (now at Development Stage)" in digest.body
    assert "http://testserver/modifications/SECMP0024/" in digest.body
    assert "restricted change" in digest.body and "sign in" in digest.body
    assert "CANARY" not in digest.everything
    # not again within the week
    assert dispatch.send_digests() == 0 or not inbox.to("owner_member@example.org")[1:]
    assert Delivery.objects.filter(user=member, kind="digest").count() == 1


def test_no_digest_for_someone_who_turned_it_off(world, inbox):
    member = world.users["owner_member"]
    services.settings_update(actor=member, digest=DigestFrequency.OFF)
    mod = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0024",
        title="Green mod",
        classification=G,
        reason="Test",
    )
    services.follow(actor=member, target=mod)
    dispatch.send_digests()
    assert inbox.to("owner_member@example.org") == []


def test_a_follow_of_a_record_no_longer_readable_says_nothing(world, inbox):
    """The person left the body: the Amber modification they followed drops out of their
    digest entirely (not even counted)."""
    from secpanel.bodies.models import Membership

    member = world.users["owner_member"]
    mod = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0026",
        title="CANARY-GONE",
        classification=A,
        reason="Test",
    )
    services.follow(actor=member, target=mod)
    Membership.objects.filter(user=member).update(end_date=TODAY - datetime.timedelta(days=1))
    modification_transition(
        actor=world.users["owner_secretariat"], obj=mod, name="start_development", reason="Go"
    )
    dispatch.send_digests()
    assert inbox.to("owner_member@example.org") == []
