"""Receivers of allauth's signals."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver
from django.http import HttpRequest

from secpanel.accounts.types import Actor


@receiver(authenticator_added)
def totp_set_up_passes_the_second_factor(
    sender: Any,
    request: HttpRequest | None,
    user: Actor,
    authenticator: Authenticator,
    **kwargs: Any,
) -> None:
    """Setting up TOTP takes a correct code from the new authenticator, after a recent
    password re-authentication: for this session that is the second factor passed, as at
    sign-in (`RequireMfaMiddleware` would otherwise sign the person out straight away)."""
    if (
        authenticator.type == Authenticator.Type.TOTP
        and request is not None
        and getattr(request, "user", None) is not None
        and request.user.pk == user.pk
    ):
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
