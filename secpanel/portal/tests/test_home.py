"""The home page per reader: what each needs first, and nothing they may not read."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.services import classified_create
from secpanel.meetings.models import Action, Meeting

pytestmark = pytest.mark.django_db


def _page(user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_reader_sees_their_own_first_and_nothing_hidden(world):
    now = timezone.now()
    soon = Meeting.objects.create(body=world.owner, starts_at=now + datetime.timedelta(days=20))
    Meeting.objects.create(body=world.owner, starts_at=now + datetime.timedelta(days=90))
    sec = world.users["owner_secretariat"]
    member = world.users["owner_member"]
    today = timezone.localdate()

    def action(ref, level, due, owner):
        return classified_create(
            actor=sec,
            instance=Action(
                owning_body=world.owner,
                meeting=soon,
                reference=ref,
                text=f"Text of {ref}",
                raised_on=today - datetime.timedelta(days=30),
                due_date=due,
                owner_person=owner,
                classification=level,
            ),
        )

    action("MINE-GREEN", Classification.GREEN, today + datetime.timedelta(days=5), member)
    action("LATE-AMBER", Classification.AMBER, today - datetime.timedelta(days=3), member)
    action("OTHERS", Classification.GREEN, today + datetime.timedelta(days=5), sec)

    public = _page()
    assert soon.starts_at.strftime("%-d %B") in public or str(soon) in public
    assert "No meeting planned in the next 60 days" not in public
    assert "Your open actions" not in public and "For the secretariat" not in public
    assert "MINE-GREEN" not in public and "LATE-AMBER" not in public

    mine = _page(member)
    assert "Your open actions" in mine and "MINE-GREEN" in mine and "LATE-AMBER" in mine
    assert "OTHERS" not in mine.split("Your open actions")[1].split("</section>")[0]
    assert "For the secretariat" not in mine

    party = _page(world.users["party"])
    assert "LATE-AMBER" not in party and "No open action is yours" in party

    secretariat = _page(sec)
    todo = secretariat.split("For the secretariat")[1].split("</section>")[0]
    assert "LATE-AMBER" in todo and "MINE-GREEN" not in todo  # overdue only
    other_sec = _page(world.users["other_body_secretariat"])
    assert "LATE-AMBER" not in other_sec  # not a body they run, nor a level they read


def test_a_meeting_beyond_60_days_is_not_upcoming(world):
    Meeting.objects.create(body=world.owner, starts_at=timezone.now() + datetime.timedelta(days=75))
    assert "No meeting planned in the next 60 days" in _page()
