from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Major incidents, DCC performance report reviews, forecasting returns."""

    name = "secpanel.operations"
    label = "operations"
    verbose_name = "Operations"
    nav_items = [("Operations", "operations:incident_list")]
