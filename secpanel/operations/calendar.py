"""Forecasting return deadlines on the shared calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from secpanel.accounts.types import Reader
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.operations.models import ReturnStatus
from secpanel.operations.selectors import forecast_list


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterator[CalendarEvent]:
    for r in forecast_list(user).filter(due_on__range=(start, end), status=ReturnStatus.DUE):
        yield CalendarEvent(
            date=r.due_on,
            title=f"{r} due",
            url=r.get_absolute_url(),
            kind="deadline",
            classification=Classification(r.classification),
            body_short_name=r.owning_body.short_name,
            body_code=r.owning_body.code,
        )
