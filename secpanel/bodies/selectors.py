"""Reads about bodies. Bodies and their memberships are public."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body, Membership
from secpanel.core.policy import access_profile


def body_list() -> QuerySet[Body]:
    return Body.objects.select_related("parent").order_by("display_order", "name")


def body_by_code(code: str) -> Body:
    return get_object_or_404(Body, code=code)


def panel() -> Body:
    return Body.objects.get(kind="panel")


def current_members(body: Body) -> QuerySet[Membership]:
    today = timezone.localdate()
    return (
        body.memberships.select_related("user", "user__organisation")
        .exclude(start_date__gt=today)
        .exclude(end_date__lt=today)
        .order_by("role", "user__last_name")
    )


def bodies_of(user: Reader) -> QuerySet[Body]:
    """The bodies on which `user` holds an active seat of any role."""
    return Body.objects.filter(pk__in=list(access_profile(user).roles_by_body)).order_by(
        "display_order"
    )
