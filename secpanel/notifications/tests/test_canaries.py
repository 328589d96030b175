"""Canaries: AMBER and RED records of several bodies carry canary words in their titles, texts
and reasons; things happen to them (assigned, due, distributed, opened, moved, decided,
followed); every mail of the dispatcher, the reminders and the digests is read off the SMTP
server, and no subject, header or body to anyone carries a canary. Controls: mails were sent
about those records (by marking), and a Green title does travel, so the check can fail."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.services import classified_update
from secpanel.documents.services import consultation_create, consultation_transition
from secpanel.meetings.services import action_create, decision_record, highlight_create
from secpanel.modifications.services import modification_create, modification_transition
from secpanel.notifications import dispatch, services

pytestmark = pytest.mark.django_db

G, A, R = Classification.GREEN, Classification.AMBER, Classification.RED
TODAY = timezone.localdate()


def test_no_mail_to_anyone_carries_a_canary(world, inbox):
    users = world.users
    bodies = {
        "SSC": (world.owner, "owner_secretariat"),
        "TABASC": (world.other, "other_body_secretariat"),
    }
    canaries: list[str] = []
    n = 0
    for code, (body, secretariat) in bodies.items():
        actor = users[secretariat]
        for level in (A, R):
            n += 1
            tag = f"CANARY-{level.name}-{code}"
            words = {k: f"{tag}-{k}-7f3a" for k in ("mod", "action", "hl", "dec", "cons", "why")}
            canaries.extend(words.values())
            mod = modification_create(
                actor=actor,
                owning_body=body,
                reference=f"SECMP{n:04d}",
                title=words["mod"],
                classification=level,
                reason=words["why"],
            )
            member = users["owner_member" if code == "SSC" else "other_body_member"]
            services.follow(actor=member, target=mod)
            services.follow(actor=member, target=body)
            if level == A:
                services.follow(actor=users["panel_member"], target=mod)
            modification_transition(
                actor=actor, obj=mod, name="start_development", reason=words["why"]
            )
            action_create(
                actor=actor,
                owning_body=body,
                text=words["action"],
                raised_on=TODAY - datetime.timedelta(days=20),
                due_date=TODAY,
                owner_person=member,
                classification=level,
                reason=words["why"],
            )
            highlight = highlight_create(
                actor=actor,
                owning_body=body,
                heading=words["hl"],
                text=words["hl"],
                period=TODAY,
                classification=level,
                reason=words["why"],
            )
            if level == R:
                classified_update(
                    actor=actor,
                    instance=highlight,
                    changes={},
                    distribution=[users["red_recipient"]],
                    reason=words["why"],
                )
            decision_record(
                actor=actor,
                owning_body=body,
                verb="approved",
                text=words["dec"],
                date=TODAY,
                classification=level,
                reason=words["why"],
                distribution=[users["red_recipient"]] if level == R else (),
            )
            consultation = consultation_create(
                actor=actor,
                owning_body=body,
                title=words["cons"],
                closes_on=TODAY + datetime.timedelta(days=4),
                classification=level,
                reason=words["why"],
            )
            services.follow(actor=member, target=consultation)
            consultation_transition(actor=actor, obj=consultation, name="open", reason=words["why"])
    # a Green control: its title must travel
    green = modification_create(
        actor=users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0099",
        title="GREEN-CONTROL-TITLE",
        classification=G,
        reason="Public",
    )
    services.follow(actor=users["owner_member"], target=green)
    modification_transition(
        actor=users["owner_secretariat"], obj=green, name="start_development", reason="Go"
    )

    sent = dispatch.dispatch_events() + dispatch.send_reminders(TODAY) + dispatch.send_digests()
    received = inbox.received
    assert sent == len(received) > 10

    leaks = [
        (m.to, word) for m in received for word in canaries if word.lower() in m.everything.lower()
    ]
    assert leaks == []
    # the canaries' records were mailed about, by marking
    subjects = {m.subject for m in received}
    for expected in (
        "[TLP:AMBER] An action was assigned to you",
        "[TLP:RED] An action was assigned to you",
        "[TLP:RED] A Red record was distributed to you",
        "[TLP:AMBER] A consultation opened",
        "[TLP:RED] A consultation closes within a week",
        "[TLP:AMBER] An action of yours falls due today",
    ):
        assert expected in subjects, expected
    digest = next(m for m in inbox.to("owner_member@example.org") if "digest" in m.subject)
    assert "GREEN-CONTROL-TITLE" in digest.body  # titles do travel when Green
    assert "restricted changes — sign in" in digest.body
    # nobody got a mail about a record they may not read: the Party user only Green ones
    party = inbox.to("party@example.org")
    assert all(m.subject.startswith(("[TLP:GREEN]", "[TLP:CLEAR]")) for m in party)
