"""Calendar events (core.calendar) as iCalendar (RFC 5545) with the `icalendar` library.

Times are in Europe/London (one VTIMEZONE, by rule); a meeting is a timed event (DTSTART with
TZID, DTEND when its end is known), a deadline an all-day one (DTSTART;VALUE=DATE and the next
day as DTEND). UIDs are stable (`CalendarEvent.uid`); DTSTAMP is when the feed was written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from secpanel.core.calendar import CalendarEvent
from secpanel.core.classification import Classification

TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
PRODID = "-//Smart Energy Code Panel secretariat//secpanel//EN"

# Europe/London since 1996 (EU rules): BST from the last Sunday of March at 01:00 UTC to the
# last Sunday of October at 01:00 UTC.
_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19810329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def _event(e: CalendarEvent, request: HttpRequest, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", e.uid)
    event.add("dtstamp", stamp)
    event.add("summary", e.title)
    if e.starts_at is not None:
        event.add("dtstart", timezone.localtime(e.starts_at, LONDON))
        if e.ends_at is not None:
            event.add("dtend", timezone.localtime(e.ends_at, LONDON))
    else:
        event.add("dtstart", e.date)
        event.add("dtend", e.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    link = request.build_absolute_uri(e.url)
    event.add("url", link)
    if e.location:
        event.add("location", e.location)
    level = Classification(e.classification)
    lines = [f"TLP:{level.name}", f"{e.body_short_name}: {e.kind}" if e.body_short_name else e.kind]
    lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("categories", [e.kind])
    event.add("class", "PUBLIC" if level == Classification.WHITE else "CONFIDENTIAL")
    if e.cancelled:
        event.add("status", "CANCELLED")
    return event


def calendar_bytes(events: Iterable[CalendarEvent], request: HttpRequest, *, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(icalendar.Timezone.from_ical(_VTIMEZONE))
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for e in events:
        cal.add_component(_event(e, request, stamp))
    return cal.to_ical()


def ics_response(
    events: Iterable[CalendarEvent],
    request: HttpRequest,
    *,
    name: str,
    filename: str = "",
    private: bool = False,
) -> HttpResponse:
    """A calendar; `filename` makes it a download (a single event), `private` keeps shared
    caches from storing it (a feed read with a person's key)."""
    response = HttpResponse(
        calendar_bytes(events, request, name=name), content_type="text/calendar; charset=utf-8"
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response
