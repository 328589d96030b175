"""Writes of notifications: a person's settings, their follows, an unsubscribe link used.

Each is history-kept and an audit event (`core.services.plain_save` / `record_event`) in one
transaction. A follow is made only of a record the person may read *now*: the caller hands
over the record it read through `visible_to` (404 for hidden and missing), and the service
checks again, so no follow ever names a record its person cannot read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import plain_save, record_event
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.notifications.models import (
    SWITCHES,
    DigestFrequency,
    Follow,
    FollowKind,
    NotificationSettings,
)

SETTING_FIELDS = ("digest", *SWITCHES.values(), "subscribe_papers")
Target = Modification | Consultation | Body


def _stored_settings(user: Actor) -> NotificationSettings:
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


@transaction.atomic
def settings_update(*, actor: Actor, reason: str = "", **changes: Any) -> NotificationSettings:
    """Change the actor's own e-mail settings (only their own: there is no other argument)."""
    unknown = sorted(set(changes) - set(SETTING_FIELDS))
    if unknown:
        raise ValidationError({name: "Not a notification setting." for name in unknown})
    current = _stored_settings(actor)
    for name, value in changes.items():
        setattr(current, name, value)
    plain_save(
        actor=actor,
        instance=current,
        reason=reason or "E-mail settings changed",
        kind="notifications.settings_changed",
    )
    return current


@transaction.atomic
def unsubscribe(*, user: Actor, what: str) -> NotificationSettings:
    """An unsubscribe link was used: turn off that kind of mail (or the digest) for `user`,
    the person the signed link was made for, who need not be signed in."""
    if what == "digest":
        change: dict[str, Any] = {"digest": DigestFrequency.OFF}
    elif what in SWITCHES:
        change = {SWITCHES[what]: False}
        if what == "paper":
            change["subscribe_papers"] = False
    else:
        raise ValidationError({"what": "Not a kind of e-mail."})
    return settings_update(actor=user, reason=f"Unsubscribed from {what} e-mails by link", **change)


def _kind_of(target: Target) -> FollowKind:
    if isinstance(target, Modification):
        return FollowKind.MODIFICATION
    if isinstance(target, Consultation):
        return FollowKind.CONSULTATION
    return FollowKind.BODY


def _require_readable(actor: Actor, target: Target) -> None:
    if isinstance(target, ClassifiedModel):
        model = type(target)
        if not model.objects.visible_to(actor).filter(pk=target.pk).exists():
            raise ValidationError("Choose a record you can see.")


@transaction.atomic
def follow(*, actor: Actor, target: Target) -> Follow:
    """The actor follows `target` (a modification, a consultation or a body): its changes go
    into their digest. Following twice is one follow."""
    _require_readable(actor, target)
    kind = _kind_of(target)
    existing = Follow.objects.filter(user=actor, kind=kind, **{kind.value: target}).first()
    if existing is not None:
        return existing
    made = Follow(user=actor, kind=kind, **{kind.value: target})
    made.full_clean()
    made._history_user = actor
    made._change_reason = "Followed"
    made.save()
    record_event(
        kind="notifications.follow_added",
        actor=actor,
        subject=made,
        after={"kind": kind.value, "target": target.pk},
        level=getattr(target, "classification", None),
    )
    return made


@transaction.atomic
def unfollow(*, actor: Actor, target: Target) -> bool:
    """The actor stops following `target`. True if they were following it."""
    _require_readable(actor, target)
    kind = _kind_of(target)
    existing = Follow.objects.filter(user=actor, kind=kind, **{kind.value: target}).first()
    if existing is None:
        return False
    record_event(
        kind="notifications.follow_removed",
        actor=actor,
        subject=existing,
        before={"kind": kind.value, "target": target.pk},
        level=getattr(target, "classification", None),
    )
    existing._history_user = actor
    existing._change_reason = "Unfollowed"
    existing.delete()
    return True
