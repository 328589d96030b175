from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """What each body does: meetings, papers, decisions, actions and highlights."""

    name = "secpanel.meetings"
    label = "meetings"
    nav_items = [("Highlights", "meetings:highlight_list")]
