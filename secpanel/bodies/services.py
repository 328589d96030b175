"""Writes about memberships: who sits on a body, in which role, for which term.

A membership decides what its holder reads, so only the body's secretariat changes it (the
Django admin cannot: docs/decisions/0004). `secpanel membership` gives server administrators
(outside the policy: they hold the database) the same service with `bootstrap=True`, recorded
with no actor and their stated reason.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body, Membership
from secpanel.core.policy import can_manage_body, forget_access_profile
from secpanel.core.services import record_event, snapshot


def _require_authority(actor: Actor | None, body: Body, reason: str, bootstrap: bool) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why: membership changes what the person reads."})
    if bootstrap:
        return
    if not can_manage_body(actor, body.pk):
        raise PermissionDenied("Only the body's secretariat can change its memberships.")


@transaction.atomic
def membership_add(
    *,
    actor: Actor | None,  # None: `secpanel membership` (bootstrap)
    user: Actor,
    body: Body,
    role: str,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    reason: str = "",
    bootstrap: bool = False,
) -> Membership:
    """Give `user` a seat on `body`; reading rights change with it."""
    _require_authority(actor, body, reason, bootstrap)
    membership = Membership(
        user=user, body=body, role=role, start_date=start_date, end_date=end_date
    )
    membership.full_clean()
    membership._history_user = actor
    membership._change_reason = reason or "Membership added"
    membership.save()
    record_event(
        kind="bodies.membership_added",
        actor=actor,
        subject=membership,
        reason=reason,
        after=snapshot(membership),
    )
    forget_access_profile(user)
    return membership


@transaction.atomic
def membership_end(
    *,
    actor: Actor | None,  # None: `secpanel membership` (bootstrap)
    membership: Membership,
    end_date: datetime.date,
    reason: str = "",
    bootstrap: bool = False,
) -> Membership:
    _require_authority(actor, membership.body, reason, bootstrap)
    before = snapshot(membership)
    membership.end_date = end_date
    membership.full_clean()
    membership._history_user = actor
    membership._change_reason = reason or "Membership ended"
    membership.save()
    record_event(
        kind="bodies.membership_ended",
        actor=actor,
        subject=membership,
        reason=reason,
        before=before,
        after=snapshot(membership),
    )
    forget_access_profile(membership.user)
    return membership
