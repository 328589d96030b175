"""Closing deadlines of reviews and consultations on the shared calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from secpanel.accounts.types import Reader
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.documents.selectors import consultation_list


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterator[CalendarEvent]:
    for c in consultation_list(user).filter(closes_on__range=(start, end)):
        yield CalendarEvent(
            date=c.closes_on,
            title=f"{c.get_kind_display()} closes: {c.title}",
            url=c.get_absolute_url(),
            kind="deadline",
            classification=Classification(c.classification),
            body_short_name=c.owning_body.short_name,
            body_code=c.owning_body.code,
        )
