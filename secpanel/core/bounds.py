"""The sane range of what people may type or ask for, in one place.

Dates on records and in query parameters lie between `EARLIEST` and `LATEST` (the SEC began
in 2013; nothing the Panel records is older than 2000 or planned after 2100); free text typed
into a form is at most `LONG_TEXT_MAX` characters (`DOCUMENT_TEXT_MAX` for the fields a form
names in `text_limits`). `core.form_bounds.BoundedInput` applies these to every form,
`core.params` to every query parameter.
"""

from __future__ import annotations

import datetime

YEAR_MIN = 2000
YEAR_MAX = 2100
EARLIEST = datetime.date(YEAR_MIN, 1, 1)
LATEST = datetime.date(YEAR_MAX, 12, 31)

#: The longest free text (a highlight, notes, a summary) a form accepts, in characters.
LONG_TEXT_MAX = 20_000
#: The longest text of a whole document typed in (a meeting's minutes, a paper's appendix).
DOCUMENT_TEXT_MAX = 200_000

#: The highest page number a list accepts in `?page=`.
PAGE_MAX = 100_000

DATE_RANGE_MESSAGE = f"Give a date between {EARLIEST:%-d %B %Y} and {LATEST:%-d %B %Y}."
TEXT_LIMIT_MESSAGE = "Keep this to {limit:,} characters (it has {length:,})."


def date_in_range(value: datetime.date | datetime.datetime) -> bool:
    """Whether a date (or the day of a datetime) lies in the sane range."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return EARLIEST <= day <= LATEST
