from django.apps import AppConfig


class TestingConfig(AppConfig):
    """TAG's programmes, test phases, exit criteria and Device Model Combinations."""

    name = "secpanel.testing"
    label = "testing"
    verbose_name = "Testing and releases"
    nav_items = [("Testing", "testing:programme_list")]
