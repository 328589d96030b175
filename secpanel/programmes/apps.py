from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """TAG's programmes, test phases, exit criteria and Device Model Combinations."""

    name = "secpanel.programmes"
    label = "programmes"
    verbose_name = "Testing and releases"
    nav_items = [("Testing", "programmes:programme_list")]
