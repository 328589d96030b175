"""Signing in, in tests."""

from __future__ import annotations

from typing import Any

from secpanel.accounts.types import Actor


def record_second_factor(client: Any, user: Actor) -> None:
    """Mark `client`'s session as having passed the TOTP step, the way allauth does after a
    correct code (`allauth.mfa.base.internal.flows.post_authentication` records an "mfa"
    authentication in the session). Does nothing for an account without a TOTP authenticator.

    conftest.py calls it after every `Client.force_login`, so that a forced login in a test
    stands for a complete sign-in; tests of the second factor itself sign in through the real
    login form or `Client.login` (password only)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
