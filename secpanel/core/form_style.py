"""How every form in secpanel looks and reports a service's refusal (one place; the bases in
`core.form_bounds` include it, so every form has it).

- Bootstrap classes on every widget: `form-select`, `form-check-input` or `form-control`,
  set before the first field is rendered (so fields a subclass adds are styled too).
- `<input type="date">` with ISO values for date fields (the only format it understands).
- Invalid fields marked `is-invalid`, `aria-invalid` and described by their error.
- `add_service_error(exc)`: a service's `ValidationError` onto the fields it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def style_widget(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    widget.attrs.setdefault("class", css)
    if isinstance(field, forms.DateField) and isinstance(widget, forms.DateInput):
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"


class StyledForm:
    fields: dict[str, forms.Field]
    errors: Any
    _styled: bool = False

    def style_widgets(self) -> None:
        if self._styled:
            return
        self._styled = True
        for field in self.fields.values():
            style_widget(field)

    def __getitem__(self, name: str) -> Any:
        self.style_widgets()
        return super().__getitem__(name)  # type: ignore[misc]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._mark_invalid()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        if not hasattr(self, "_errors") or self._errors is None:
            return
        self.style_widgets()
        for name in self._errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error"

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (or on the whole form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)
