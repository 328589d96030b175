"""Writes of API tokens: made and revoked by their owner (or a server administrator's
`secpanel token`), each with an audit event. The key itself is never stored or logged."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from secpanel.accounts.types import Actor
from secpanel.api.models import ApiToken, TokenScope, key_digest
from secpanel.core.services import record_event

MAX_DAYS = 366
KEY_PREFIX = "sp_"


@transaction.atomic
def token_create(
    *, actor: Actor | None, user: Actor, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days` days; returns it and its key (shown once).

    `actor` is the user themselves (their page), or None for a server administrator's
    command."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied("A token is made by the person it is for.")
    if not user.is_active:
        raise ValidationError({"user": "This account is not active."})
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Say what the token is for."
    elif len(name) > 100:
        errors["name"] = "At most 100 characters."
    if scope not in TokenScope.values:
        errors["scope"] = f"Choose one of: {', '.join(TokenScope.values)}."
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"A token lasts between 1 and {MAX_DAYS} days."
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    key = f"{KEY_PREFIX}{secret}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[: len(KEY_PREFIX) + 6],
        digest=key_digest(key),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record_event(
        kind="api.token_created",
        actor=actor or user,
        subject=token,
        reason="" if actor is not None else "secpanel token (server administrator)",
        after={"name": token.name, "scope": scope, "expires_at": token.expires_at.isoformat()},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: Actor | None, token: ApiToken) -> ApiToken:
    """Revoke `token` at once (its owner, or a server administrator's command)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and actor.pk != locked.user_id:
        raise PermissionDenied("Only the token's owner can revoke it.")
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            kind="api.token_revoked",
            actor=actor or locked.user,
            subject=locked,
            reason="" if actor is not None else "secpanel token (server administrator)",
        )
    return locked
