from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Consistent backups (database snapshot, uploaded and issued files, a SHA-256 manifest)
    and a restore that verifies before it touches anything."""

    name = "secpanel.backups"
    label = "backups"
    verbose_name = "Backup and restore"
