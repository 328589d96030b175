from django.apps import AppConfig


class ModificationsConfig(AppConfig):
    """The modifications register: SECMP lifecycle, releases, touchpoints."""

    name = "secpanel.modifications"
    label = "modifications"
    verbose_name = "Modifications"
    nav_items: list[tuple[str, str]] = [("Modifications", "modifications:modification_list")]

    def ready(self) -> None:
        from secpanel.core.text import register_linker
        from secpanel.modifications.text import link_references_internal

        register_linker(link_references_internal)
