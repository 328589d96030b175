"""Every app's dated events meet in one calendar, filtered by what the viewer may read."""

from __future__ import annotations

import datetime

import pytest

from secpanel.core.calendar import collect_events
from secpanel.core.classification import Classification
from secpanel.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_meetings_of_every_app_appear_once_in_date_order(world):
    Meeting.objects.create(
        body=world.owner,
        status="planned",
        starts_at=datetime.datetime(2019, 5, 7, 10, tzinfo=datetime.UTC),
    )
    Meeting.objects.create(
        body=world.other,
        status="planned",
        starts_at=datetime.datetime(2019, 5, 3, 10, tzinfo=datetime.UTC),
    )
    events = collect_events(None, datetime.date(2019, 5, 1), datetime.date(2019, 5, 31))
    meetings = [e for e in events if e.kind == "meeting"]
    assert [e.date for e in meetings] == [datetime.date(2019, 5, 3), datetime.date(2019, 5, 7)]
    assert all(e.classification == Classification.WHITE for e in events)


def test_events_outside_the_window_are_left_out(world):
    Meeting.objects.create(
        body=world.owner,
        status="planned",
        starts_at=datetime.datetime(2019, 6, 7, 10, tzinfo=datetime.UTC),
    )
    assert collect_events(None, datetime.date(2019, 5, 1), datetime.date(2019, 5, 31)) == []
