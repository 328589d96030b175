"""Meetings and visible actions' due dates for the calendar (see core.calendar)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import cast

from secpanel.accounts.types import Reader
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.meetings.models import Meeting, MeetingStatus
from secpanel.meetings.selectors import actions_due_between, meeting_list


def meeting_event(m: Meeting) -> CalendarEvent:
    """One meeting (public) as a timed calendar event (its page's "Add to calendar" too)."""
    suffix = " (cancelled)" if m.status == MeetingStatus.CANCELLED else ""
    return CalendarEvent(
        date=m.date,
        title=f"{m.body.short_name} meeting{f' {m.number}' if m.number else ''}{suffix}",
        url=m.get_absolute_url(),
        kind="meeting",
        classification=Classification.WHITE,
        body_short_name=m.body.short_name,
        body_code=m.body.code,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        location=m.where,
        cancelled=m.status == MeetingStatus.CANCELLED,
    )


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterable[CalendarEvent]:
    """Meetings (public) between `start` and `end`, and the due dates of open actions `user`
    may read."""
    meetings = meeting_list().filter(starts_at__date__gte=start, starts_at__date__lte=end)
    for m in meetings:
        yield meeting_event(m)
    for a in actions_due_between(user, start, end):
        yield CalendarEvent(
            date=cast("datetime.date", a.due_date),  # filtered on its range
            title=f"Action due: {a.reference or a.text[:50]}",
            url=a.get_absolute_url(),
            kind="action",
            classification=Classification(a.classification),
            body_short_name=a.owning_body.short_name,
            body_code=a.owning_body.code,
        )
