"""No lost updates: an edit form carries the version of the record it was opened on, and saving
over a newer version is refused with what changed, by whom and when.

The version is the record's `updated_at` (every classified record has one) or, for a plain
record with history, its latest history id. `check(form, obj)` runs inside the save's
transaction with the row locked (`select_for_update`), so two saves of the same version cannot
both pass. On a conflict the form keeps the person's entries and takes the new version: saving
again, after looking, overwrites on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, NoReturn

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

FIELD = "seen_version"


def token_of(obj: models.Model | None) -> str:
    """The version a record is at ('' when it has none to compare)."""
    if obj is None or obj.pk is None:
        return ""
    model = type(obj)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        value = model._base_manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first()
        return value.isoformat() if value is not None else ""
    history = getattr(obj, "history", None)
    if history is not None:
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        return str(latest or "")
    return ""


def attach(form: forms.BaseForm, obj: models.Model | None, *, token: str | None = None) -> None:
    """Give an edit form of `obj` the version it is opened on (a hidden field). `token` is
    for a record whose version is something else (a report: its latest version's number)."""
    token = token_of(obj) if token is None else token
    if not token:
        return
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=token)


def _lock(obj: models.Model) -> None:
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk").first()


def _versions(obj: models.Model, seen: str) -> tuple[Any, Any]:
    """(the history row of the version `seen`, the latest history row), either may be None."""
    history = getattr(obj, "history", None)
    if history is None:
        return None, None
    rows = history.order_by("-history_id")
    before = None
    try:
        when = datetime.datetime.fromisoformat(seen)
        # the history row of the version seen carries the same `updated_at`
        before = rows.filter(updated_at=when).first()
    except ValueError:
        if seen.isdigit():
            before = rows.filter(history_id__lte=int(seen)).first()
    return before, rows.first()


def _changed(obj: models.Model, before: Any, latest: Any) -> list[models.Field]:
    if before is None or latest is None:
        return []
    return [
        f
        for f in type(obj)._meta.concrete_fields
        if f.name not in ("updated_at", "created_at", "id")
        and getattr(before, f.attname, None) != getattr(latest, f.attname, None)
    ]


def _merge(
    form: forms.BaseForm, obj: models.Model, before: Any, theirs: list[models.Field]
) -> tuple[list[str], list[str]]:
    """Take into the form the other person's changes to the fields this person left as they
    were; keep this person's entries. Returns (taken, both changed) field labels."""
    current = type(obj)._base_manager.get(pk=obj.pk)
    cleaned = getattr(form, "cleaned_data", {})
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
    taken: list[str] = []
    clashed: list[str] = []
    for model_field in theirs:
        name = model_field.name
        field = form.fields.get(name)
        if field is None or name not in cleaned:
            continue
        seen_value = getattr(before, model_field.attname, None)
        now = getattr(current, model_field.attname, None)
        mine = cleaned[name]
        mine = mine.pk if isinstance(mine, models.Model) else mine
        label = str(model_field.verbose_name)
        if mine != seen_value:
            clashed.append(label)  # both changed it: this person's entry stays in the form
            continue
        if isinstance(now, (list, dict)):
            continue  # a multi-valued field is left for the person to redo
        if isinstance(field, forms.BooleanField):
            if now:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = "" if now is None else str(field.prepare_value(now))
        taken.append(label)
    form.data = data
    return taken, clashed


def _who(latest: Any) -> tuple[str, str]:
    if latest is None:
        return "Someone", ""
    user = getattr(latest, "history_user", None)
    who = (user.get_full_name() or user.username) if user is not None else "Someone"
    return who, timezone.localtime(latest.history_date).strftime("%-d %B %Y at %H:%M")


def seen_token(form: forms.BaseForm) -> str:
    """The version the submitted form says it was opened on ('' when it says none)."""
    return str(form.data.get(FIELD, "") or "") if hasattr(form.data, "get") else ""


def refuse(form: forms.BaseForm, current: str, parts: list[str]) -> NoReturn:
    """Raise the conflict, the form now carrying version `current`: saving again after
    looking stores the form as it is then, on purpose."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[FIELD] = current
    form.data = data
    parts.append("Nothing was saved yet: save again to store the form as it is now.")
    raise ValidationError(" ".join(parts), code="conflict")


def check(
    form: forms.BaseForm,
    obj: models.Model | None,
    *,
    current: Callable[[], str] | None = None,
    merge: Callable[[forms.BaseForm, str], list[str]] | None = None,
) -> None:
    """Refuse (a ValidationError for the whole form) a save over a version newer than the one
    the form was opened on. Call inside the save's transaction. A record attached with its own
    `token` gives `current` (its version now, read after the lock) and `merge(form, seen)`
    (the sentences saying what it took into the form)."""
    if obj is None or FIELD not in form.fields:
        return
    seen = seen_token(form)
    if not seen:
        return
    _lock(obj)
    now = current() if current is not None else token_of(obj)
    if not now or now == seen:
        return
    if merge is not None:
        refuse(form, now, merge(form, seen))
    before, latest = _versions(obj, seen)
    theirs = _changed(obj, before, latest)
    taken, clashed = _merge(form, obj, before, theirs)
    who, stamp = _who(latest)
    parts = [f"{who} saved this record on {stamp}, after you opened it."]
    if taken:
        parts.append(f"Their changes to {', '.join(taken)} are now in the form below.")
    if clashed:
        parts.append(
            f"You both changed {', '.join(clashed)}: your entry is kept below; check it "
            "against theirs."
        )
    refuse(form, now, parts)
