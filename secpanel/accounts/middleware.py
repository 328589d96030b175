"""Enforce TOTP for the accounts that must have it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from secpanel.accounts.policies import has_mfa, passed_mfa, requires_mfa

_ALLOWED_PREFIXES = ("/accounts/", "/static/")


class RequireMfaMiddleware:
    """For secretariat and administrators (`requires_mfa`):

    - without TOTP, they may only reach the account pages, where they set it up;
    - with TOTP, the session must have passed it (allauth records the step when the code is
      entered at sign-in). A session that signed in any other way (a password alone, through
      a login form other than allauth's) is signed out and sent back to sign in, on every page,
      the account pages included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path.startswith("/static/")
            or not requires_mfa(user)
        ):
            return self.get_response(request)
        if has_mfa(user):
            if not passed_mfa(request, user):
                logout(request)
                messages.warning(
                    request, "Sign in again with your password and your authenticator code."
                )
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
        elif not request.path.startswith(_ALLOWED_PREFIXES):
            messages.warning(
                request, "Your role needs two-factor authentication. Set up an authenticator app."
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
