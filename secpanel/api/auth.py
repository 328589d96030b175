"""How an API request says who it is for: a session (the browsable reference, a signed-in
browser) or a personal token (`Authorization: Bearer sp_…`); what a token's scope allows; and
how often anyone may ask (rate limits from `settings.SECPANEL_API_RATES`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from secpanel.api.models import ApiToken
from secpanel.api.selectors import token_for_key

USED_EVERY = datetime.timedelta(minutes=5)  # last_used_at is written at most this often


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`): the token's user, or 401."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give one key after the word Bearer.")
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("That is not a key.") from exc
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown, expired or revoked key.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "secpanel.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A personal API token."}


class TokenScopeAllows(permissions.BasePermission):
    """A read-only token reads; writing needs a read-write token (or a signed-in session)."""

    message = "This token is read-only."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write


class _Rates:
    scope = ""

    def get_rate(self) -> str | None:
        return settings.SECPANEL_API_RATES.get(self.scope)


class AnonRate(_Rates, throttling.AnonRateThrottle):
    scope = "anon"


class UserRate(_Rates, throttling.UserRateThrottle):
    scope = "user"
