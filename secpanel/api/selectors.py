"""Reads of API tokens: a person's own, and the token a request's key names."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from secpanel.accounts.types import Actor
from secpanel.api.models import ApiToken, key_digest


def tokens_of(user: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_for_key(key: str) -> ApiToken | None:
    """The active token whose key this is (not revoked, not expired, its user active)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=key_digest(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token
