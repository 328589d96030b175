from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (`/api/v1/`): every register read through its selectors and written
    through the pages' own forms and services; per-user tokens."""

    name = "secpanel.api"
    label = "api"
    verbose_name = "API"
