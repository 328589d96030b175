"""Who the code acts for, as types (checked by mypy, see docs/architecture.md "Types").

- `Actor`: a signed-in account doing something (services, workflow, forms acting for a user).
- `Reader`: whoever is reading, who may be anonymous (selectors, `visible_to`, the policy).
- `HtmxHttpRequest`: every request here (`django_htmx`'s middleware sets `request.htmx`).
- `AuthenticatedHttpRequest`: one whose `user` is signed in (views behind a login).

The models are imported for the type checker only, so this module is safe to import before
the app registry is ready (policy, querysets and services import it at module level).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from secpanel.accounts.models import User

Actor: TypeAlias = "User"
Reader: TypeAlias = "User | AnonymousUser"


class HtmxHttpRequest(HttpRequest):
    """For annotations only: a request as the middleware hands it to a view."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """For annotations only: a request behind a login, whose `user` is an `Actor`."""

    user: User
