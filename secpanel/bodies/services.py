"""Writes about bodies and memberships (used by the admin, demo data and the CLI)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from secpanel.bodies.models import Body, Membership
from secpanel.core.policy import forget_access_profile
from secpanel.core.services import record_event, snapshot


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    user: Any,
    body: Body,
    role: str,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    reason: str = "",
) -> Membership:
    """Give `user` a seat on `body`; reading rights change with it."""
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
    *, actor: Any, membership: Membership, end_date: datetime.date, reason: str = ""
) -> Membership:
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
