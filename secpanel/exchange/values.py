"""How values are written in an exchange file, and read back (docs/import-format.md).

Dates are ISO (`2019-05-10`), date-times ISO in UTC (`2019-05-10T09:00:00+00:00`), amounts
strings (`"1250.00"`), a level its name (`"AMBER"`), a choice its stored value (`"held"`), a
file its stored name, a reference the referenced row's natural key: the bare value when the key
has one part (`"SECMP0024"`, `"ssc"`, `"secas"`), else an object of the parts.
"""

from __future__ import annotations

import datetime
import decimal
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from secpanel.core.classification import Classification

LEVEL_NAMES = [c.name for c in Classification]


def encode_scalar(value: Any) -> Any:
    """A stored value as the file writes it."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def encode_level(value: int) -> str:
    return Classification(value).name


def decode_level(value: Any) -> int:
    """A level's name (`"AMBER"`, any case) as stored; a ValidationError names the choices."""
    if isinstance(value, str) and value.strip().upper() in LEVEL_NAMES:
        return int(Classification[value.strip().upper()])
    raise ValidationError(f"{value!r} is not a level: use one of {', '.join(LEVEL_NAMES)}.")


def local_date(value: Any) -> str:
    """The local date (the site's time zone) of an ISO date-time: a meeting's key date."""
    parsed = value if isinstance(value, datetime.datetime) else None
    if parsed is None and isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError(f"{value!r} is not a date and time (2019-05-10T09:00:00+00:00).")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return timezone.localtime(parsed).date().isoformat()


def decode_scalar(field: models.Field[Any, Any], value: Any) -> Any:
    """A file value as the field stores it, validated like a form would (type, choices, length,
    blank); a ValidationError says what is wrong."""
    if isinstance(field, models.FileField):
        if not isinstance(value, str):
            raise ValidationError("Give the file's stored name.")
        return value
    if value is None and not field.null:
        if field.blank and isinstance(field, models.CharField | models.TextField):
            return ""
        raise ValidationError("This field cannot be empty.")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        value = _aware(value)
    elif isinstance(field, models.DateField) and isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(f"{value!r} is not a date (2019-05-10).") from exc
    return field.clean(value, None)


def _aware(value: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(
            f"{value!r} is not a date and time (2019-05-10T09:00:00+00:00)."
        ) from exc
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed


def canonical(value: Any) -> str:
    """One string per key, whatever the order of its parts: for finding rows by key."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def as_reference(key: dict[str, Any]) -> Any:
    """A key as another row refers to it: the bare value of a one-part key."""
    return next(iter(key.values())) if len(key) == 1 else key


def as_key(names: list[str], reference: Any) -> dict[str, Any] | None:
    """A reference read back into the key it stands for (`names`: the key's parts); None
    when it is not of that shape."""
    if isinstance(reference, dict):
        return reference if sorted(reference) == sorted(names) else None
    if len(names) == 1 and reference is not None and not isinstance(reference, list):
        return {names[0]: reference}
    return None


def describe(value: Any, limit: int = 60) -> str:
    """A key in words for a message: its values, in order, shortened."""
    parts: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)
        elif v not in (None, ""):
            parts.append(str(v))

    walk(value)
    text = " ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
