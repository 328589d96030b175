"""Forms for classified records: the owning body is limited to bodies the user serves as
secretariat, every change asks for a reason (kept in history), and service errors land on the
right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from secpanel.core.policy import managed_body_ids


class ClassifiedForm(forms.ModelForm):
    """Base ModelForm for a ClassifiedModel. Subclasses set Meta.model and Meta.fields
    (include "classification" and "owning_body"; add "red_distribution" where RED is common)."""

    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why this change? Kept in the record's history; required to lower a level.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        from secpanel.bodies.models import Body

        if "owning_body" in self.fields:
            self.fields["owning_body"].queryset = Body.objects.filter(
                pk__in=managed_body_ids(user)
            ).order_by("display_order")
        if "red_distribution" in self.fields:
            self.fields["red_distribution"].queryset = (
                get_user_model().objects.filter(is_active=True).order_by("last_name")
            )
            self.fields["red_distribution"].required = False
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.DateField):
                # <input type="date"> only understands ISO dates, whatever the locale.
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error"

    def changes(self) -> dict[str, Any]:
        """Cleaned model fields (without reason and many-to-many fields)."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {k: v for k, v in self.cleaned_data.items() if k != "reason" and k not in m2m}

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (or the whole form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)
