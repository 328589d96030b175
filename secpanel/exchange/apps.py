from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Export and import: every record a user may read as documented JSON (and CSV), loaded
    back through the services, all or nothing."""

    name = "secpanel.exchange"
    label = "exchange"
    verbose_name = "Import and export"
