from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The monthly Panel paper compiler: drafts, editions, issued files."""

    name = "secpanel.reports"
    label = "reports"
    verbose_name = "Panel reports"
    nav_items = [("Panel papers", "reports:report_list"), ("Published", "reports:published_list")]
