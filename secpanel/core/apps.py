from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing: classification, history, audit, the web shell. No domain code."""

    name = "secpanel.core"
    label = "core"
