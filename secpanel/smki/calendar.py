"""SMKI recovery exercises on the shared calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import cast

from secpanel.accounts.types import Reader
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.smki.selectors import exercise_list


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterator[CalendarEvent]:
    for e in exercise_list(user).filter(planned_date__range=(start, end)):
        expected = " (expected)" if e.date_is_estimate else ""
        yield CalendarEvent(
            date=cast("datetime.date", e.planned_date),  # filtered on its range
            title=f"{e.title}{expected}",
            url=e.get_absolute_url(),
            kind="exercise",
            classification=Classification(e.classification),
            body_short_name=e.owning_body.short_name,
            body_code=e.owning_body.code,
        )
