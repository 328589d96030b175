"""Assurance dates for the calendar (see core.calendar): fieldwork, the User's response due
date the SSC set, and Director's Letters awaiting review. Only records `user` may read, each
event at its record's level (they name a Party)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from secpanel.assurance.models import AssessmentStatus
from secpanel.assurance.selectors import assessment_list
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification

OPEN = (
    AssessmentStatus.BOOKED,
    AssessmentStatus.FIELDWORK,
    AssessmentStatus.REPORTED,
    AssessmentStatus.RESPONSE_RECEIVED,
)


def events(user: Any, start: datetime.date, end: datetime.date) -> Iterable[CalendarEvent]:
    """Fieldwork starts of booked assessments and response due dates of open ones."""
    qs = assessment_list(user).filter(status__in=OPEN)
    for a in qs.filter(fieldwork_start__gte=start, fieldwork_start__lte=end):
        yield CalendarEvent(
            date=a.fieldwork_start,
            title=f"Fieldwork starts: {a.sec_user.party_name}, {a.label}",
            url=a.get_absolute_url(),
            kind="assessment",
            classification=Classification(a.classification),
            body_short_name=a.owning_body.short_name,
        )
    for a in qs.filter(response_due__gte=start, response_due__lte=end).exclude(
        status=AssessmentStatus.RESPONSE_RECEIVED
    ):
        yield CalendarEvent(
            date=a.response_due,
            title=f"User response due: {a.sec_user.party_name}, {a.label}",
            url=a.get_absolute_url(),
            kind="deadline",
            classification=Classification(a.classification),
            body_short_name=a.owning_body.short_name,
        )
