from django.apps import AppConfig


class BodiesConfig(AppConfig):
    """The Panel, its sub-committees and groups, and who sits on them."""

    name = "secpanel.bodies"
    label = "bodies"
    verbose_name = "Bodies and memberships"
