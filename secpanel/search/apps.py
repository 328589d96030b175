from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over every register and the text of uploaded papers (`/search/`)."""

    name = "secpanel.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from secpanel.search import signals

        signals.connect()
