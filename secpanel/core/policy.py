"""The Panel Information Policy, in one place: who may read and who may change what.

Rules (product brief):
- anonymous: WHITE;
- any logged-in, active account: + GREEN (administering grants no reading);
- chair, member, alternate or secretariat of the owning body (membership in its term):
  + AMBER and RED of that body;
- observer of the owning body: + AMBER of that body;
- chair, member or alternate of the Panel: + AMBER of every body;
- anyone on a RED record's named distribution: that record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from secpanel.accounts.types import Actor, Reader
from secpanel.core.classification import Classification

FULL_READ_ROLES = ("chair", "member", "alternate", "secretariat")
AMBER_READ_ROLES = ("observer",)
PANEL_ROLES = ("chair", "member", "alternate")
DECLASSIFY_ROLES = ("chair", "secretariat")
MANAGE_ROLES = ("secretariat",)


@dataclass(frozen=True)
class AccessProfile:
    """What one account may read, computed once per request from its active memberships."""

    user_id: int | None
    roles_by_body: dict[int, frozenset[str]] = field(default_factory=dict)
    panel_member: bool = False

    @property
    def anonymous(self) -> bool:
        return self.user_id is None

    @property
    def full_bodies(self) -> set[int]:
        return {b for b, roles in self.roles_by_body.items() if roles & set(FULL_READ_ROLES)}

    @property
    def amber_bodies(self) -> set[int]:
        return {b for b, roles in self.roles_by_body.items() if roles & set(AMBER_READ_ROLES)}

    def has_role(self, body_id: int | None, roles: tuple[str, ...]) -> bool:
        if body_id is None:  # a record of no body: nobody has a role on it
            return False
        return bool(self.roles_by_body.get(body_id, frozenset()) & set(roles))

    def visibility_q(self, model: type[models.Model]) -> Q:
        """The filter for `model` (a ClassifiedModel) that keeps what this profile may read."""
        if classification_off():
            return Q()
        if self.anonymous:
            return Q(classification=Classification.WHITE)
        q = Q(classification__lte=Classification.GREEN)
        if self.full_bodies:
            q |= Q(owning_body_id__in=sorted(self.full_bodies))
        if self.panel_member:
            q |= Q(classification=Classification.AMBER)
        elif self.amber_bodies:
            q |= Q(
                classification=Classification.AMBER, owning_body_id__in=sorted(self.amber_bodies)
            )
        dist = cast("models.ManyToManyField[Any, Any]", model._meta.get_field("red_distribution"))
        through: Any = dist.remote_field.through  # auto-created: its manager is not typed
        named = through.objects.filter(
            **{dist.m2m_field_name(): OuterRef("pk"), dist.m2m_reverse_field_name(): self.user_id}
        )
        q |= Q(classification=Classification.RED) & Q(Exists(named))
        return q

    def may_read_level(self, body_id: int, level: Classification) -> bool:
        """Could this profile read a record of `body_id` at `level` with no named distribution?
        (For content derived from records, such as a paper edition, judged as a whole.)"""
        if level == Classification.WHITE:
            return True
        if self.anonymous:
            return False
        if level == Classification.GREEN or body_id in self.full_bodies:
            return True
        if level == Classification.AMBER:
            return self.panel_member or body_id in self.amber_bodies
        return False

    def can_read(self, record: Any) -> bool:
        """The same rule as `visibility_q`, for an object already in memory."""
        level = Classification(record.classification)
        if level == Classification.WHITE:
            return True
        if self.anonymous:
            return False
        if level == Classification.GREEN or record.owning_body_id in self.full_bodies:
            return True
        if level == Classification.AMBER:
            return self.panel_member or record.owning_body_id in self.amber_bodies
        return record.red_distribution.filter(pk=self.user_id).exists()


def classification_off() -> bool:
    """True only under `secpanel.config.settings.bench_floor`: the benchmark's floor, the same
    page with no visibility filter. `check --deploy` refuses it (core/checks.py)."""
    from django.conf import settings

    return bool(getattr(settings, "SECPANEL_CLASSIFICATION_OFF", False))


def _active_memberships(user: Actor, on: datetime.date) -> models.QuerySet:
    from secpanel.bodies.models import Membership

    return Membership.objects.filter(user=user).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on),
        Q(end_date__isnull=True) | Q(end_date__gte=on),
    )


def access_profile(user: Reader | None) -> AccessProfile:
    """The profile of `user`, cached on the user object for the length of a request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return AccessProfile(user_id=None)
    cached = getattr(user, "_secpanel_access_profile", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    panel_member = False
    today = timezone.localdate()
    for body_id, role, kind in _active_memberships(user, today).values_list(
        "body_id", "role", "body__kind"
    ):
        roles.setdefault(body_id, set()).add(role)
        if kind == "panel" and role in PANEL_ROLES:
            panel_member = True
    profile = AccessProfile(
        user_id=user.pk,
        roles_by_body={b: frozenset(r) for b, r in roles.items()},
        panel_member=panel_member,
    )
    user._secpanel_access_profile = profile
    return profile


def forget_access_profile(user: Reader) -> None:
    """Drop the cached profile (after a membership change in the same request or test)."""
    if hasattr(user, "_secpanel_access_profile"):
        del user._secpanel_access_profile


def can_manage_body(user: Reader | None, body_id: int | None) -> bool:
    """May `user` record and change the business of this body? (its secretariat)"""
    return access_profile(user).has_role(body_id, MANAGE_ROLES)


def can_declassify(user: Reader | None, body_id: int | None) -> bool:
    """May `user` lower the level of this body's records? (its chair or secretariat)"""
    return access_profile(user).has_role(body_id, DECLASSIFY_ROLES)


def managed_body_ids(user: Reader | None) -> set[int]:
    profile = access_profile(user)
    return {b for b in profile.roles_by_body if profile.has_role(b, MANAGE_ROLES)}
