from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """What each body does: meetings, papers, decisions, actions and highlights."""

    name = "secpanel.meetings"
    label = "meetings"
    nav_items = [
        ("Meetings", "meetings:meeting_list"),
        ("Papers", "meetings:paper_list"),
        ("Actions", "meetings:action_list"),
        ("Highlights", "meetings:highlight_list"),
    ]
