"""Forms for classified records: the owning body is limited to bodies the user serves as
secretariat, every change asks for a reason (kept in history), and service errors land on the
right field."""

from __future__ import annotations

import functools
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Max

from secpanel.accounts.types import Actor
from secpanel.core.classification import Classification
from secpanel.core.form_bounds import BoundedForm, BoundedInput, BoundedModelForm
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import managed_body_ids

__all__ = [
    "ActorFormMixin",
    "BoundedForm",
    "BoundedInput",
    "BoundedModelForm",
    "ClassifiedForm",
    "choice_field",
    "narrow_choices",
]


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """`form.fields[name]` as the model choice field it is (for setting its `queryset`):
    `Form.fields` is typed as holding plain `Field`s."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def narrow_choices(form: forms.BaseForm, user: Actor) -> None:
    """Every choice of a classified record on a form acting for `user`: only records the user
    may read *and* whose body they run (a secretariat attaches records to its own bodies'
    records). One place, run after the form's own `__init__` (see `ActorFormMixin`)."""
    managed = sorted(managed_body_ids(user))
    for field in form.fields.values():
        qs = getattr(field, "queryset", None)
        if qs is None or not issubclass(qs.model, ClassifiedModel):
            continue
        cast("forms.ModelChoiceField[Any]", field).queryset = qs.visible_to(user).filter(
            owning_body_id__in=managed
        )


class ActorFormMixin:
    """A form that acts for a user (`self.user`). When the most-derived `__init__` has run,
    its classified choice fields are narrowed by `narrow_choices`, whatever the subclass set."""

    user: Actor
    fields: dict[str, forms.Field]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None or getattr(init, "_narrows_choices", False):
            return

        @functools.wraps(init)
        def wrapped(self: Any, *args: Any, **kw: Any) -> None:
            depth = getattr(self, "_actor_init_depth", 0)
            self._actor_init_depth = depth + 1
            try:
                init(self, *args, **kw)
            finally:
                self._actor_init_depth = depth
            if depth == 0:
                narrow_choices(self, self.user)

        wrapped._narrows_choices = True  # type: ignore[attr-defined]
        cls.__init__ = wrapped  # type: ignore[method-assign]

    def choices_level(self) -> Classification | None:
        """The highest level among the records offered as choices (for the page's banner)."""
        levels = []
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is not None and issubclass(qs.model, ClassifiedModel):
                levels.append(qs.order_by().aggregate(m=Max("classification"))["m"])
        levels = [level for level in levels if level is not None]
        return Classification.high_water(levels) if levels else None


class ClassifiedForm(ActorFormMixin, BoundedModelForm):
    """Base ModelForm for a ClassifiedModel. Subclasses set Meta.model and Meta.fields
    (include "classification" and "owning_body"; add "red_distribution" where RED is common)."""

    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why this change? Kept in the record's history; required to lower a level.",
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "owning_body" in self.fields:
            # The bodies the user runs, from the model core's own field points to.
            bodies = self._meta.model._meta.get_field("owning_body").related_model
            choice_field(self, "owning_body").queryset = bodies._default_manager.filter(
                pk__in=managed_body_ids(user)
            ).order_by("display_order")
        if "red_distribution" in self.fields:
            choice_field(self, "red_distribution").queryset = (
                get_user_model().objects.filter(is_active=True).order_by("last_name")
            )
            self.fields["red_distribution"].required = False

    def changes(self) -> dict[str, Any]:
        """Cleaned model fields (without reason and many-to-many fields)."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {k: v for k, v in self.cleaned_data.items() if k != "reason" and k not in m2m}
