"""Reads of notifications: a person's settings and what they follow, as they may read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from secpanel.accounts.types import Actor, Reader
from secpanel.bodies.models import Body
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.notifications.dispatch import settings_of
from secpanel.notifications.models import (
    Delivery,
    DeliveryStatus,
    Follow,
    FollowKind,
    NotificationSettings,
)


def my_settings(user: Actor) -> NotificationSettings:
    return settings_of(user)


def is_following(user: Reader, target: Any) -> bool:
    if not isinstance(user, get_user_model()):
        return False
    if isinstance(target, Modification):
        mine = Follow.objects.filter(user=user, kind=FollowKind.MODIFICATION)
        return mine.filter(modification=target).exists()
    if isinstance(target, Consultation):
        mine = Follow.objects.filter(user=user, kind=FollowKind.CONSULTATION)
        return mine.filter(consultation=target).exists()
    if isinstance(target, Body):
        return Follow.objects.filter(user=user, kind=FollowKind.BODY, body=target).exists()
    return False


@dataclass(frozen=True)
class Followed:
    kind: str
    record: Any  # a Modification, Consultation (read through visible_to) or Body


def followed_by(user: Actor) -> list[Followed]:
    """What `user` follows and may still read (a follow of a record they can no longer read is
    not shown: hidden looks like none)."""
    rows = list(
        Follow.objects.filter(user=user).values_list(
            "kind", "modification_id", "consultation_id", "body_id"
        )
    )
    mods = [m for k, m, _, _ in rows if k == FollowKind.MODIFICATION]
    cons = [c for k, _, c, _ in rows if k == FollowKind.CONSULTATION]
    bods = [b for k, _, _, b in rows if k == FollowKind.BODY]
    found: list[Followed] = []
    if bods:
        bodies = Body.objects.filter(pk__in=bods).order_by("display_order", "name")
        found += [Followed("body", b) for b in bodies]
    if mods:
        found += [
            Followed("modification", m)
            for m in Modification.objects.visible_to(user).filter(pk__in=mods).order_by("reference")
        ]
    if cons:
        found += [
            Followed("consultation", c)
            for c in Consultation.objects.visible_to(user)
            .filter(pk__in=cons)
            .order_by("-closes_on", "-id")
        ]
    return found


UNDELIVERED_SHOWN = 5


def undelivered_to(user: Actor) -> list[Delivery]:
    """The latest mails to `user` the mail server refused or that were given up after
    temporary failures (decisions/0025): shown on their settings page, so the person whose
    address bounces learns it. Subjects only (a marking, never an Amber or Red title)."""
    failed = (DeliveryStatus.REFUSED, DeliveryStatus.FAILED)
    return list(
        Delivery.objects.filter(user=user, status__in=failed).order_by("-created_at", "-id")[
            :UNDELIVERED_SHOWN
        ]
    )
