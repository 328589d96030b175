from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People and organisations: accounts, SEC Parties and their categories."""

    name = "secpanel.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from secpanel.accounts import signals  # noqa: F401  (connects the receivers)
