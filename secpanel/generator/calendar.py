"""When each body meets, computed from the month alone (no clock): the generator's calendar.

The demo's April–May 2019 meetings set the pattern: the Ops Group on the first Tuesday, the
TABASC on the first Thursday, the Panel on the second Friday (numbered: 67 in April 2019, 68
in May, so 69 in June 2019), the SSC on the second and fourth Wednesdays, the SMKI PMA on the
third Tuesday and TAG on the third Wednesday. The Change Sub-Committee meets on the third
Monday and the Change Board on the fourth Wednesday afternoon. The SMKI PMA and the TABASC do
not meet in August, nor the Change Sub-Committee in August and December.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

#: The first month after the seed month (April to May 2019): the generator writes from here on.
FIRST_MONTH = datetime.date(2019, 6, 1)
#: The Panel's meeting number in FIRST_MONTH (68 is the seed's, 10 May 2019).
FIRST_PANEL_NUMBER = 69

MON, TUE, WED, THU, FRI = range(5)

# body code -> ((weekday, nth), ...), hour, months without a meeting
SCHEDULE: dict[str, tuple[tuple[tuple[int, int], ...], int, frozenset[int]]] = {
    "ops-group": (((TUE, 1),), 10, frozenset()),
    "tabasc": (((THU, 1),), 10, frozenset({8})),
    "panel": (((FRI, 2),), 10, frozenset()),
    "ssc": (((WED, 2), (WED, 4)), 10, frozenset()),
    "change-sub-committee": (((MON, 3),), 13, frozenset({8, 12})),
    "smki-pma": (((TUE, 3),), 10, frozenset({8})),
    "tag": (((WED, 3),), 10, frozenset()),
    "change-board": (((WED, 4),), 14, frozenset()),
}
#: The order bodies are processed in on one day (and the order of `SCHEDULE`).
BODY_ORDER = list(SCHEDULE)


@dataclass(frozen=True, order=True)
class Slot:
    """One meeting of one body: its day and hour."""

    day: datetime.date
    hour: int
    order: int
    body: str

    @property
    def month(self) -> datetime.date:
        return self.day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def month_index(month: datetime.date) -> int:
    """Months since FIRST_MONTH (0 for June 2019)."""
    return (month.year - FIRST_MONTH.year) * 12 + month.month - FIRST_MONTH.month


def months(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    """The first day of every month from `start`'s month to `end`'s, inclusive."""
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = add_months(month, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month.replace(day=1), 1) - datetime.timedelta(days=1)


def nth_weekday(month: datetime.date, weekday: int, nth: int) -> datetime.date:
    """The `nth` (1-based) `weekday` of `month`."""
    first = month.replace(day=1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def last_weekday(month: datetime.date, weekday: int) -> datetime.date:
    last = month_end(month)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def working_day_on_or_after(
    day: datetime.date, holidays: frozenset[datetime.date]
) -> datetime.date:
    while day.weekday() >= 5 or day in holidays:
        day += datetime.timedelta(days=1)
    return day


def slots_in(month: datetime.date, holidays: frozenset[datetime.date] = frozenset()) -> list[Slot]:
    """Every body's meetings in `month`, in the order they happen."""
    found = []
    for order, (body, (days, hour, skip)) in enumerate(SCHEDULE.items()):
        if month.month in skip:
            continue
        for weekday, nth in days:
            day = working_day_on_or_after(nth_weekday(month, weekday, nth), holidays)
            found.append(Slot(day=day, hour=hour, order=order, body=body))
    return sorted(found)


def slots_between(
    start: datetime.date, end: datetime.date, holidays: frozenset[datetime.date] = frozenset()
) -> list[Slot]:
    """Every meeting dated from `start` to `end` inclusive."""
    return [s for m in months(start, end) for s in slots_in(m, holidays) if start <= s.day <= end]


def next_slot(
    body: str, after: datetime.date, holidays: frozenset[datetime.date] = frozenset()
) -> Slot:
    """The body's first meeting strictly after `after`."""
    month = after.replace(day=1)
    while True:
        for slot in slots_in(month, holidays):
            if slot.body == body and slot.day > after:
                return slot
        month = add_months(month, 1)


def panel_number(month: datetime.date) -> int:
    return FIRST_PANEL_NUMBER + month_index(month)


# --- SEC releases: June (last Thursday) and November (first Thursday) -------------------------


def release_date(year: int, month: int) -> datetime.date:
    if month == 6:
        return last_weekday(datetime.date(year, 6, 1), THU)
    if month == 11:
        return nth_weekday(datetime.date(year, 11, 1), THU, 1)
    if month == 2:
        return last_weekday(datetime.date(year, 2, 1), THU)
    raise ValueError(f"No SEC release in month {month}.")


def release_name(day: datetime.date) -> str:
    return f"{day:%B %Y} SEC Release"


def releases_from(day: datetime.date) -> Iterator[datetime.date]:
    """The June and November release dates on or after `day`, in order."""
    year = day.year
    while True:
        for month in (6, 11):
            candidate = release_date(year, month)
            if candidate >= day:
                yield candidate
        year += 1


def first_release_after(day: datetime.date) -> datetime.date:
    return next(releases_from(day))
