from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing: classification, history, audit, the web shell. No domain code."""

    name = "secpanel.core"
    label = "core"

    def ready(self) -> None:
        from secpanel.core import checks  # noqa: F401  # registers the system checks
