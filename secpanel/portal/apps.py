from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site's front: the home page, the navigation and the pages about bodies. It reads
    the domain apps (bodies, meetings) and no app reads it."""

    name = "secpanel.portal"
    label = "portal"
    verbose_name = "Portal"
    nav_items: list[tuple[str, str]] = [("Bodies", "bodies:body_list")]
