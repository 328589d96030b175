"""What every secpanel form accepts, in one place (the bounds are in `core.bounds`).

`BoundedInput` is mixed into `BoundedForm`, `BoundedModelForm` and so `core.forms.
ClassifiedForm`; every form of the project subclasses one of them
(`core/tests/test_bad_input.py` checks). Bad input is a field error and nothing is saved:

- free text (a CharField without its own `max_length`: a model TextField, a Textarea, a
  search box) is at most `LONG_TEXT_MAX` characters, and the error names the limit;
- a date or date-time lies between `EARLIEST` and `LATEST` (no meeting in the year 9999);
- a single-valued field sent several times (`classification=1&classification=4`) is refused
  ("Give one value"), never "the last one wins".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from secpanel.core.bounds import (
    DATE_RANGE_MESSAGE,
    EARLIEST,
    LATEST,
    LONG_TEXT_MAX,
    TEXT_LIMIT_MESSAGE,
    date_in_range,
)
from secpanel.core.form_style import StyledForm

ONE_VALUE_MESSAGE = "Give one value: this field was sent {count} times."


def check_date_range(value: Any) -> None:
    """Validator: a date (or the day of a date-time) within `core.bounds`."""
    if value is not None and not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


class TextLimit:
    """Validator: at most `limit` characters, with a message naming the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: Any) -> None:
        if value is not None and len(value) > self.limit:
            raise ValidationError(
                TEXT_LIMIT_MESSAGE.format(limit=self.limit, length=len(value)),
                code="max_length",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLimit) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(("TextLimit", self.limit))


def _takes_several(field: forms.Field) -> bool:
    """Whether a field legitimately receives several values under its one name."""
    widget = field.widget
    return (
        isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        or bool(getattr(widget, "allow_multiple_selected", False))
        or isinstance(widget, forms.MultipleHiddenInput | forms.MultiWidget)
    )


def bound_field(field: forms.Field, text_limit: int = LONG_TEXT_MAX) -> None:
    """Apply the bounds to one form field (idempotent)."""
    if getattr(field, "_secpanel_bounded", False):
        return
    field._secpanel_bounded = True  # type: ignore[attr-defined]
    if isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = text_limit
        field.validators.append(TextLimit(text_limit))
        field.widget.attrs.setdefault("maxlength", str(text_limit))
    if isinstance(field, forms.DateField):
        field.validators.append(check_date_range)
        field.widget.attrs.setdefault("min", f"{EARLIEST:%Y-%m-%d}")
        field.widget.attrs.setdefault("max", f"{LATEST:%Y-%m-%d}")
    elif isinstance(field, forms.DateTimeField):
        field.validators.append(check_date_range)
        field.widget.attrs.setdefault("min", f"{EARLIEST:%Y-%m-%d}T00:00")
        field.widget.attrs.setdefault("max", f"{LATEST:%Y-%m-%d}T23:59")


class BoundedInput(StyledForm):
    """The bounds of `core.bounds` on every field of a form (see the module docstring).

    `text_limits` names the free-text fields that may be longer than `LONG_TEXT_MAX` (the
    minutes of a meeting: `{"text": DOCUMENT_TEXT_MAX}`)."""

    text_limits: dict[str, int] = {}
    fields: dict[str, forms.Field]
    data: Any
    files: Any
    is_bound: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_bounds()

    def apply_bounds(self) -> None:
        for name, field in self.fields.items():
            bound_field(field, self.text_limits.get(name, LONG_TEXT_MAX))

    def full_clean(self) -> None:
        self.apply_bounds()  # fields a subclass added after __init__
        super().full_clean()
        self._refuse_repeated_values()

    def _refuse_repeated_values(self) -> None:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            if field.disabled or _takes_several(field):
                continue
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            count = max(
                len(source.getlist(key)) if hasattr(source, "getlist") else 0
                for source in (self.data, self.files)
            )
            if count > 1:
                self.add_error(name, ONE_VALUE_MESSAGE.format(count=count))


class BoundedForm(BoundedInput, forms.Form):
    """Base of every plain form in secpanel."""


class BoundedModelForm(BoundedInput, forms.ModelForm):
    """Base of every model form in secpanel (`core.forms.ClassifiedForm` builds on it)."""
