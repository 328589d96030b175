from django.apps import AppConfig


class SmkiConfig(AppConfig):
    """SMKI recovery exercises and key custodians."""

    name = "secpanel.smki"
    label = "smki"
    verbose_name = "SMKI PMA"
    nav_items = [("SMKI", "smki:exercise_list")]
