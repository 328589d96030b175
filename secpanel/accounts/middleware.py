"""Enforce TOTP for the accounts that must have it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from secpanel.accounts.policies import has_mfa, requires_mfa

_ALLOWED_PREFIXES = ("/accounts/", "/static/")


class RequireMfaMiddleware:
    """Secretariat and administrators without TOTP may only reach the account pages,
    where they set it up; allauth itself asks for the code at every login once it exists."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and requires_mfa(user)
            and not has_mfa(user)
        ):
            messages.warning(
                request, "Your role needs two-factor authentication. Set up an authenticator app."
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
