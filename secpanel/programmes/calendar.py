"""Release dates and test-phase milestones on the shared calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import cast

from secpanel.accounts.types import Reader
from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification
from secpanel.programmes.selectors import phase_list, programme_list


def events(user: Reader, start: datetime.date, end: datetime.date) -> Iterator[CalendarEvent]:
    for p in programme_list(user).filter(target_date__range=(start, end)):
        yield CalendarEvent(
            date=cast("datetime.date", p.target_date),  # filtered on its range
            title=f"{p} go-live",
            url=p.get_absolute_url(),
            kind="release",
            classification=Classification(p.classification),
            body_short_name=p.owning_body.short_name,
            body_code=p.owning_body.code,
        )
    for ph in phase_list(user).filter(planned_end__range=(start, end)):
        yield CalendarEvent(
            date=cast("datetime.date", ph.planned_end),  # filtered on its range
            title=f"{ph} planned end",
            url=ph.get_absolute_url(),
            kind="milestone",
            classification=Classification(ph.classification),
            body_short_name=ph.owning_body.short_name,
            body_code=ph.owning_body.code,
        )
