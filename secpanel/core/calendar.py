"""Dated events from every app, for the calendar and "upcoming deadlines".

Each app may provide `<app>/calendar.py` with
`events(user, start: date, end: date) -> Iterable[CalendarEvent]`; it must read through
`visible_to(user)` like any selector, so hidden records never reach a calendar or a feed.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification


@dataclass(frozen=True)
class CalendarEvent:
    date: datetime.date
    title: str
    url: str
    kind: str  # "meeting", "deadline", "action", "release", ...
    classification: Classification = Classification.WHITE
    body_short_name: str = ""
    body_code: str = ""  # the body's code (the calendar's body filter, per-body feeds)
    # a timed event (a meeting): its start, end (if known) and place; None: an all-day event
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    location: str = ""
    cancelled: bool = False

    @property
    def uid(self) -> str:
        """A stable identifier for calendar feeds: the kind of event and its record's page,
        so a record's event keeps its UID when its date or title changes."""
        return f"{self.kind}{self.url.replace('/', '-').rstrip('-')}@secpanel"


def collect_events(user: Reader, start: datetime.date, end: datetime.date) -> list[CalendarEvent]:
    """Every app's events between `start` and `end` inclusive, by date then title."""
    found: list[CalendarEvent] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("secpanel."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.calendar")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.calendar":
                raise
            continue
        events = getattr(module, "events", None)
        if events is None:  # e.g. this module itself
            continue
        source: Iterable[CalendarEvent] = events(user, start, end)
        found.extend(e for e in source if start <= e.date <= end)
    return sorted(found, key=lambda e: (e.date, e.title))
