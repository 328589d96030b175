from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """Calendar (ICS) and Atom feeds: public feeds of White records, and each person's
    private feeds at a secret address (a revocable feed key) with what that person may read."""

    name = "secpanel.feeds"
    label = "feeds"
    verbose_name = "Feeds"
