"""A decision taken at a meeting is dated within the meeting's days: the date rule behind an
SSC outcome "decided" a week after the meeting it was recorded against."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.meetings.models import Decision, Meeting
from secpanel.meetings.services import decision_record

pytestmark = pytest.mark.django_db


def _meeting(world, day: int, last: int | None = None) -> Meeting:
    start = timezone.make_aware(datetime.datetime(2019, 4, day, 10))
    end = timezone.make_aware(datetime.datetime(2019, 4, last, 16)) if last else None
    return Meeting.objects.create(body=world.owner, starts_at=start, ends_at=end)


def test_a_decision_dated_outside_its_meeting_is_refused_on_the_date_field(world):
    meeting = _meeting(world, 10)
    with pytest.raises(ValidationError) as exc:
        decision_record(
            actor=world.users["owner_secretariat"],
            owning_body=world.owner,
            meeting=meeting,
            date=datetime.date(2019, 4, 17),
            verb="agreed",
            text="Agreed something.",
            classification=Classification.GREEN,
            reason="test",
        )
    assert exc.value.message_dict["date"] == [
        "The meeting was held on 10 April 2019: give a date within it, or no meeting."
    ]
    assert not Decision.objects.unrestricted().filter(meeting=meeting).exists()


def test_a_decision_on_any_day_of_a_two_day_meeting_or_without_a_meeting_is_accepted(world):
    meeting = _meeting(world, 10, last=11)
    actor = world.users["owner_secretariat"]
    on_day_two = decision_record(
        actor=actor,
        owning_body=world.owner,
        meeting=meeting,
        date=datetime.date(2019, 4, 11),
        verb="agreed",
        text="Agreed on the second day.",
        classification=Classification.GREEN,
        reason="test",
    )
    assert on_day_two.date == datetime.date(2019, 4, 11)
    outside = decision_record(
        actor=actor,
        owning_body=world.owner,
        date=datetime.date(2019, 4, 17),
        verb="agreed",
        text="Agreed by correspondence.",
        classification=Classification.GREEN,
        reason="test",
    )
    assert outside.meeting is None
    with pytest.raises(ValidationError) as exc:
        decision_record(
            actor=actor,
            owning_body=world.owner,
            meeting=meeting,
            date=datetime.date(2019, 4, 12),
            verb="agreed",
            text="Agreed after it.",
            classification=Classification.GREEN,
            reason="test",
        )
    assert "10 April 2019 to 11 April 2019" in exc.value.message_dict["date"][0]
