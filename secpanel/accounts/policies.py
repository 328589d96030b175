"""Who must use two-factor authentication."""

from __future__ import annotations

from django.http import HttpRequest

from secpanel.accounts.types import Reader
from secpanel.core.policy import MANAGE_ROLES, access_profile


def requires_mfa(user: Reader) -> bool:
    """Secretariat staff and administrators must sign in with TOTP."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    profile = access_profile(user)
    return any(profile.has_role(body, MANAGE_ROLES) for body in profile.roles_by_body)


def has_mfa(user: Reader) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa(request: HttpRequest, user: Reader) -> bool:
    """Did this session pass the second factor when it signed in (or since)? allauth records
    each authentication step in the session; "mfa" is a correct TOTP or recovery code."""
    from allauth.account.authentication import get_authentication_records

    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))
