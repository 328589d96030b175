from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The monthly Panel paper compiler: drafts, editions, issued files."""

    name = "secpanel.reports"
    label = "reports"
    verbose_name = "Panel reports"
    nav_items = [("Panel papers", "reports:report_list"), ("Published", "reports:published_list")]

    def ready(self) -> None:
        # Every app's `report.py` registers its paper blocks, facts and phrases (core.paper).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("report")
