from django.apps import AppConfig


class ModificationsConfig(AppConfig):
    """The modifications register: SECMP lifecycle, releases, touchpoints."""

    name = "secpanel.modifications"
    label = "modifications"
    verbose_name = "Modifications"
    nav_items: list[tuple[str, str]] = []
