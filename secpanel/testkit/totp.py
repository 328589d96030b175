"""TOTP codes for tests that sign in through the real two-factor step."""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings

from secpanel.accounts.management.commands.demo_totp import current_code

# A browser sign-in takes a second or two between reading the code and the server checking it;
# allauth accepts only the current 30-second step (MFA_TOTP_TOLERANCE 0), so a code read in the
# step's last seconds can reach the server in the next one and be refused.
SPARE_SECONDS = 5


def code_with_time_to_spare(secret: str) -> str:
    """The code of `secret` for now, read at least SPARE_SECONDS before its step ends (waiting
    for the next step when the current one is nearly over)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < SPARE_SECONDS:
        time.sleep(left + 0.05)
    return current_code(secret)
