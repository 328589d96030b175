"""Query parameters, parsed in one place: bounded, validated, and a clear 400 when not.

A page reads `?month=`, `?on=`, `?page=`… through these helpers, never `request.GET` with its
own `strptime`: a value the page cannot use (not a date, outside `core.bounds`, given twice)
raises `BadParameter`, which Django answers with the 400 page naming the parameter and what
it expects. A parameter that is absent or empty takes the page's default.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import BadRequest
from django.http import HttpRequest

from secpanel.core.bounds import EARLIEST, LATEST, date_in_range

T = TypeVar("T")

_FIRST_MONTH = f"{EARLIEST:%Y-%m}"
_LAST_MONTH = f"{LATEST:%Y-%m}"


class BadParameter(BadRequest):
    """A query parameter the page cannot use; its message is shown on the 400 page."""

    def __init__(self, name: str, expected: str) -> None:
        self.name = name
        self.expected = expected
        super().__init__(f"The “{name}” in the address is not usable: {expected}")


def _raw(request: HttpRequest, name: str) -> str | None:
    """The one value of `name`, stripped; None when absent or empty."""
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, "Give one value, not several.")
    value = values[0].strip() if values else ""
    return value or None


def month_param(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    """`?name=YYYY-MM` as the first day of that month (between the bounds), or `default`."""
    value = _raw(request, name)
    if value is None:
        return default
    expected = f"give a month as YYYY-MM, from {_FIRST_MONTH} to {_LAST_MONTH}."
    if len(value) != 7:
        raise BadParameter(name, expected)
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise BadParameter(name, expected) from exc
    if not date_in_range(month):
        raise BadParameter(name, expected)
    return month


def date_param(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    """`?name=YYYY-MM-DD` (between the bounds), or `default`."""
    value = _raw(request, name)
    if value is None:
        return default
    expected = f"give a date as YYYY-MM-DD, from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}."
    if len(value) != 10:
        raise BadParameter(name, expected)
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise BadParameter(name, expected) from exc
    if not date_in_range(day):
        raise BadParameter(name, expected)
    return day


def int_param(
    request: HttpRequest,
    name: str,
    default: T,
    *,
    min_value: int = 1,
    max_value: int = 2**31 - 1,
) -> int | T:
    """`?name=N`, a whole number from `min_value` to `max_value`, or `default`."""
    value = _raw(request, name)
    if value is None:
        return default
    expected = f"give a whole number from {min_value:,} to {max_value:,}."
    if not value.isascii() or not value.isdigit() or len(value) > len(str(max_value)):
        raise BadParameter(name, expected)
    number = int(value)
    if not min_value <= number <= max_value:
        raise BadParameter(name, expected)
    return number


def text_param(request: HttpRequest, name: str, default: str = "", *, max_length: int = 100) -> str:
    """`?name=text` of at most `max_length` characters (a search or a filter), or `default`."""
    value = _raw(request, name)
    if value is None:
        return default
    if len(value) > max_length:
        raise BadParameter(name, f"keep it to {max_length:,} characters.")
    return value


def choice_param(request: HttpRequest, name: str, choices: Iterable[Any], default: T) -> str | T:
    """`?name=value` where value is one of `choices`, or `default`."""
    value = _raw(request, name)
    if value is None:
        return default
    allowed = [str(c) for c in choices]
    if value not in allowed:
        raise BadParameter(name, f"give one of {', '.join(allowed)}.")
    return value
