"""Writes of feed keys: made (a new one revokes the old) and revoked by their owner, each an
audit event. The key itself is never stored or logged, only its SHA-256."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from secpanel.accounts.models import User
from secpanel.accounts.types import Actor
from secpanel.core.services import record_event
from secpanel.feeds.models import FeedToken, key_digest

KEY_PREFIX = "spf_"


def _revoke_active(user: Actor, actor: Actor) -> FeedToken | None:
    """Revoke `user`'s active key, if any, inside the caller's transaction."""
    # lock the person's row: two rotations at once make one key, not two
    User.objects.select_for_update().filter(pk=user.pk).first()
    current = FeedToken.objects.select_for_update().filter(user=user, revoked_at=None).first()
    if current is None:
        return None
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    record_event(kind="feeds.token_revoked", actor=actor, subject=current)
    return current


@transaction.atomic
def feed_token_rotate(*, actor: Actor, user: Actor) -> tuple[FeedToken, str]:
    """A new feed key for `user` (their own page only); the old one, if any, is revoked in the
    same transaction. Returns the token and its key (shown once)."""
    if actor.pk != user.pk:
        raise PermissionDenied("A feed key is made by the person it is for.")
    if not user.is_active:
        raise ValidationError("This account is not active.")
    previous = _revoke_active(user, actor)
    key = f"{KEY_PREFIX}{secrets.token_urlsafe(32)}"
    token = FeedToken.objects.create(
        user=user, prefix=key[: len(KEY_PREFIX) + 6], digest=key_digest(key)
    )
    record_event(
        kind="feeds.token_created",
        actor=actor,
        subject=token,
        after={"prefix": token.prefix, "replaces": previous.prefix if previous else ""},
    )
    return token, key


@transaction.atomic
def feed_token_revoke(*, actor: Actor, user: Actor) -> FeedToken | None:
    """Turn `user`'s private feeds off: their active key, if any, is revoked at once."""
    if actor.pk != user.pk:
        raise PermissionDenied("Only the key's owner can revoke it.")
    return _revoke_active(user, actor)
