from django.apps import AppConfig


class ModificationsConfig(AppConfig):
    """The modifications register: SECMP lifecycle, releases, touchpoints."""

    name = "secpanel.modifications"
    label = "modifications"
    verbose_name = "Modifications"
    nav_items: list[tuple[str, str]] = [("Modifications", "modifications:modification_list")]

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from secpanel.core.text import register_linker
        from secpanel.modifications.models import Modification
        from secpanel.modifications.text import forget_linkable, link_references_internal

        register_linker(link_references_internal)
        post_save.connect(forget_linkable, sender=Modification, dispatch_uid="forget_linkable")
        post_delete.connect(forget_linkable, sender=Modification, dispatch_uid="forget_linkable")
