"""Print the current TOTP code of a demo account (only for accounts on the demo secret)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.core.demo import DEMO_TOTP_SECRET


def current_code(secret: str) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo secretariat or administrator login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        auth = Authenticator.objects.filter(
            user__username=username, type=Authenticator.Type.TOTP
        ).first()
        if auth is None:
            raise CommandError(f"'{username}' has no authenticator app set up.")
        if auth.data.get("secret") != DEMO_TOTP_SECRET:
            raise CommandError(f"'{username}' is not on the demo secret; use their own app.")
        self.stdout.write(current_code(DEMO_TOTP_SECRET))
