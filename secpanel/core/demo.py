"""Shared state for the demo loaders (see the demo_data command)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "secpanel-demo"
# A fixed TOTP secret for the demo's secretariat and administrator accounts, so that a new user
# can pass two-factor with `secpanel demo-totp <username>` or any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_MARKER_USERNAME = "secas"


@dataclass
class DemoContext:
    """What earlier loaders made, by key, for later loaders to use."""

    users: dict[str, Any] = field(default_factory=dict)
    organisations: dict[str, Any] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def secretariat(self) -> Any:
        return self.users["secas"]


def demo_loaded() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=DEMO_MARKER_USERNAME).exists()


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)
