"""System checks of secpanel's own settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def classification_is_on(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The benchmark's floor (`settings.bench_floor`) shows every record to everyone: a
    deployment with it is refused."""
    if getattr(settings, "SECPANEL_CLASSIFICATION_OFF", False):
        return [
            checks.Error(
                "SECPANEL_CLASSIFICATION_OFF is set: every record would be shown to everyone.",
                hint="It is for bench/run.py's floor only (secpanel.config.settings.bench_floor).",
                id="secpanel.E001",
            )
        ]
    return []
