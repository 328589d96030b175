from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    """The SSC's register: Users, assessments, statuses, Director's Letters, schedule."""

    name = "secpanel.assurance"
    label = "assurance"
    verbose_name = "Security assurance"
    nav_items: list[tuple[str, str]] = [("Assurance", "assurance:overview")]
