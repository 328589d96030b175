"""Assurance dates for the calendar (see core.calendar): fieldwork, the User's response due
date the SSC set, and Director's Letters awaiting review. Only records `user` may read, each
event at its record's level (they name a Party)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from secpanel.accounts.types import Reader
from secpanel.assurance.models import AssessmentStatus
from secpanel.assurance.selectors import assessment_list
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.core.parents import attach_visible_parents

OPEN = (
    AssessmentStatus.BOOKED,
    AssessmentStatus.FIELDWORK,
    AssessmentStatus.REPORTED,
    AssessmentStatus.RESPONSE_RECEIVED,
)


def _who(a: Any) -> str:
    """'Party name, VUSA, year 2', or just the assessment when its User is hidden."""
    return f"{a.visible_sec_user.party_name}, {a.label}" if a.visible_sec_user else a.label


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterable[CalendarEvent]:
    """Fieldwork starts of booked assessments and response due dates of open ones. The User is
    named only to those who may read it (core.parents)."""
    qs = assessment_list(user).filter(status__in=OPEN)
    starting = list(qs.filter(fieldwork_start__gte=start, fieldwork_start__lte=end))
    due = list(
        qs.filter(response_due__gte=start, response_due__lte=end).exclude(
            status=AssessmentStatus.RESPONSE_RECEIVED
        )
    )
    attach_visible_parents(user, [*starting, *due], visible_sec_user="sec_user")
    for a in starting:
        yield CalendarEvent(
            date=cast("datetime.date", a.fieldwork_start),  # filtered on its range
            title=f"Fieldwork starts: {_who(a)}",
            url=a.get_absolute_url(),
            kind="assessment",
            classification=Classification(a.classification),
            body_short_name=a.owning_body.short_name,
            body_code=a.owning_body.code,
        )
    for a in due:
        yield CalendarEvent(
            date=cast("datetime.date", a.response_due),  # filtered on its range
            title=f"User response due: {_who(a)}",
            url=a.get_absolute_url(),
            kind="deadline",
            classification=Classification(a.classification),
            body_short_name=a.owning_body.short_name,
            body_code=a.owning_body.code,
        )
