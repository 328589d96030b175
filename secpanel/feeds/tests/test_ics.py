"""The calendar feeds: they parse with icalendar, hold the right events for each reader, and
say times in Europe/London (timed meetings, all-day deadlines), with stable UIDs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.meetings import services as m
from secpanel.meetings.models import Meeting
from secpanel.testkit.feeds import ics_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(world):
    """A timed SSC meeting in summer (BST), a TABASC meeting in winter (GMT), and a WHITE and
    an AMBER SSC action due soon."""
    sec = world.users["owner_secretariat"]
    other_sec = world.users["other_body_secretariat"]
    year = timezone.localdate().year + 1
    summer = m.meeting_create(
        actor=sec,
        body=world.owner,
        number=7,
        starts_at=timezone.make_aware(datetime.datetime(year, 7, 1, 10, 0)),
        ends_at=timezone.make_aware(datetime.datetime(year, 7, 1, 12, 30)),
        location="Fenchurch Place",
        reason="Scheduled",
    )
    winter = m.meeting_create(
        actor=other_sec,
        body=world.other,
        starts_at=timezone.make_aware(datetime.datetime(year, 1, 15, 14, 0)),
        online=True,
        reason="Scheduled",
    )
    due = timezone.localdate() + datetime.timedelta(days=3)
    actions = {
        level: m.action_create(
            actor=sec,
            owning_body=world.owner,
            text=f"{level.name} action text",
            due_date=due,
            owner_person=sec,
            classification=level,
        )
        for level in (Classification.WHITE, Classification.AMBER)
    }
    return {"summer": summer, "winter": winter, "actions": actions, "due": due}


def _events(response) -> dict[str, Any]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {
        str(e["URL"]).removeprefix("http://testserver"): e for e in ics_events(response.content)
    }


def test_the_public_calendar_holds_meetings_and_white_deadlines_only(world, dated):
    events = _events(Client().get(reverse("feeds:public_calendar")))
    summer, winter = dated["summer"], dated["winter"]
    white, amber = dated["actions"][Classification.WHITE], dated["actions"][Classification.AMBER]
    assert set(events) == {
        summer.get_absolute_url(),
        winter.get_absolute_url(),
        white.get_absolute_url(),
    }
    assert amber.get_absolute_url() not in events


def test_a_meeting_is_timed_in_london_and_a_deadline_is_all_day(world, dated):
    client = Client()
    response = client.get(reverse("feeds:public_calendar"))
    text = response.content.decode()
    events = _events(response)
    summer = events[dated["summer"].get_absolute_url()]
    start = summer.decoded("DTSTART")
    assert start == timezone.make_aware(datetime.datetime(start.year, 7, 1, 10, 0))
    assert start.utcoffset() == datetime.timedelta(hours=1)  # BST
    assert summer.decoded("DTEND") - start == datetime.timedelta(hours=2, minutes=30)
    assert str(summer["LOCATION"]) == "Fenchurch Place"
    winter = events[dated["winter"].get_absolute_url()]
    assert winter.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # GMT
    assert "DTEND" not in winter  # its end is not known
    assert f"DTSTART;TZID=Europe/London:{start.year}0701T100000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in text
    deadline = events[dated["actions"][Classification.WHITE].get_absolute_url()]
    assert deadline.decoded("DTSTART") == dated["due"]
    assert deadline.decoded("DTEND") == dated["due"] + datetime.timedelta(days=1)
    assert f"DTSTART;VALUE=DATE:{dated['due']:%Y%m%d}" in text
    for event in events.values():
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert str(event["UID"]).endswith("@secpanel")


def test_uids_are_stable_and_unique(world, dated):
    first = _events(Client().get(reverse("feeds:public_calendar")))
    # the meeting moves: its event keeps its UID
    meeting = dated["summer"]
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + datetime.timedelta(days=1)
    )
    second = _events(Client().get(reverse("feeds:public_calendar")))
    assert {u: str(e["UID"]) for u, e in first.items()} == {
        u: str(e["UID"]) for u, e in second.items()
    }
    assert len({str(e["UID"]) for e in first.values()}) == len(first)


def test_a_body_calendar_holds_that_body_only(world, dated):
    events = _events(Client().get(reverse("feeds:body_calendar", args=[world.owner.code])))
    assert set(events) == {
        dated["summer"].get_absolute_url(),
        dated["actions"][Classification.WHITE].get_absolute_url(),
    }
    other = _events(Client().get(reverse("feeds:body_calendar", args=[world.other.code])))
    assert set(other) == {dated["winter"].get_absolute_url()}
    missing = Client().get(reverse("feeds:body_calendar", args=["nope"]))
    assert missing.status_code == 404


def test_a_private_calendar_holds_what_its_person_may_read(world, dated, feed_keys):
    amber = dated["actions"][Classification.AMBER].get_absolute_url()
    for role, sees in (
        ("owner_member", True),
        ("panel_member", True),
        ("other_body_member", False),
    ):
        url = reverse("feeds:private_calendar", args=[feed_keys[role]])
        response = Client().get(url)
        events = _events(response)
        assert (amber in events) is sees, role
        assert dated["summer"].get_absolute_url() in events
        assert response["Cache-Control"] == "private, no-store"
    event = _events(
        Client().get(reverse("feeds:private_calendar", args=[feed_keys["owner_member"]]))
    )[amber]
    assert str(event["CLASS"]) == "CONFIDENTIAL"
    assert "TLP:AMBER" in str(event["DESCRIPTION"])


def test_a_private_calendar_logs_the_red_records_it_shows(world, dated, feed_keys):
    from secpanel.core.models import AuditEvent

    red = m.action_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        text="RED action",
        due_date=dated["due"],
        owner_person=world.users["owner_member"],
        classification=Classification.RED,
    )
    Client().get(reverse("feeds:private_calendar", args=[feed_keys["owner_member"]]))
    logged = AuditEvent.objects.filter(
        kind="classification.red_read", actor=world.users["owner_member"]
    ).last()
    assert logged is not None and f"meetings.action:{red.pk}" in logged.after["records"]


def test_add_to_calendar_downloads_one_meeting(world, dated):
    meeting = dated["summer"]
    page = Client().get(meeting.get_absolute_url())
    url = reverse("feeds:meeting_ics", args=[meeting.pk])
    assert url in page.content.decode()
    response = Client().get(url)
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    events = _events(response)
    assert list(events) == [meeting.get_absolute_url()]


def test_a_missing_meeting_ics_is_the_404_page(world, dated):
    """Meetings are public (there is no hidden one); a missing one answers exactly as any
    missing page does."""
    client = Client()
    missing = client.get(reverse("feeds:meeting_ics", args=[999999]))
    page = client.get(reverse("meetings:meeting_detail", args=[999999]))
    assert missing.status_code == page.status_code == 404
    csrf = re.compile(rb'"X-CSRFToken": "[^"]+"')  # a new token with every response
    assert csrf.sub(b"", missing.content) == csrf.sub(b"", page.content)


def test_public_calendar_queries_are_pinned(world, dated, django_assert_num_queries):
    client = Client()
    client.get(reverse("feeds:public_calendar"))  # warm caches (content types)
    # one query per kind of event: meetings, actions, assessments (2), consultations,
    # programmes, test phases, exercises, returns
    with django_assert_num_queries(9):
        client.get(reverse("feeds:public_calendar"))


def test_private_calendar_queries_are_pinned(world, dated, feed_keys, django_assert_num_queries):
    client = Client()
    url = reverse("feeds:private_calendar", args=[feed_keys["owner_member"]])
    client.get(url)
    # the key (with its person), the person's seats, and the same nine as the public feed
    with django_assert_num_queries(11):
        client.get(url)


def test_the_html_calendar_filters_by_body_and_jumps_to_a_month(world, dated):
    client = Client()
    month = dated["summer"].starts_at
    response = client.get(reverse("meetings:calendar"), {"month": f"{month:%Y-%m}"})
    assert dated["summer"].get_absolute_url() in response.content.decode()
    assert 'type="month"' in response.content.decode()
    only_other = client.get(
        reverse("meetings:calendar"), {"month": f"{month:%Y-%m}", "body": world.other.code}
    )
    html = only_other.content.decode()
    assert dated["summer"].get_absolute_url() not in html
    assert f"body={world.other.code}" in html  # the month links keep the body
    assert client.get(reverse("meetings:calendar"), {"body": "nope"}).status_code == 400
