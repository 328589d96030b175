"""The calendar opens on the current month when it has meetings, else on the latest month
with any; it jumps to any month (`<input type="month">`) and a bad month is a 400."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from secpanel.meetings.models import Meeting

pytestmark = pytest.mark.django_db

URL = "/meetings/calendar/"


def _on(body, day: datetime.date) -> Meeting:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return Meeting.objects.create(body=body, starts_at=at)


def _month(response) -> datetime.date:
    assert response.status_code == 200
    return response.context["month"]


def test_it_opens_on_this_month_when_a_meeting_falls_in_it(world):
    today = timezone.localdate()
    _on(world.owner, today.replace(day=1))
    _on(world.owner, today + datetime.timedelta(days=400))
    assert _month(Client().get(URL)) == today.replace(day=1)


def test_else_on_the_latest_month_with_a_meeting(world):
    _on(world.owner, datetime.date(2019, 4, 10))
    _on(world.other, datetime.date(2020, 3, 11))
    response = Client().get(URL)
    assert _month(response) == datetime.date(2020, 3, 1)
    assert "March 2020" in response.content.decode()
    # of the body asked for
    assert _month(Client().get(URL, {"body": world.owner.code})) == datetime.date(2019, 4, 1)


def test_with_no_earlier_meeting_it_opens_on_the_first_later_one(world):
    ahead = timezone.localdate() + datetime.timedelta(days=70)
    _on(world.owner, ahead)
    assert _month(Client().get(URL)) == ahead.replace(day=1)


def test_a_calendar_without_meetings_opens_on_this_month(world):
    assert _month(Client().get(URL)) == timezone.localdate().replace(day=1)


def test_the_month_picker_jumps_and_a_bad_month_is_a_400(world):
    _on(world.owner, datetime.date(2020, 3, 11))
    response = Client().get(URL, {"month": "2019-07"})
    assert _month(response) == datetime.date(2019, 7, 1)
    html = response.content.decode()
    assert 'type="month"' in html and 'value="2019-07"' in html
    assert "?month=2019-06" in html and "?month=2019-08" in html  # previous and next
    bad = Client().get(URL, {"month": "2019-13"})
    assert bad.status_code == 400 and "month" in bad.content.decode()
