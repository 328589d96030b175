"""The suite runs on the test settings, whatever DJANGO_SETTINGS_MODULE the shell exports."""

from django.conf import settings


def test_the_suite_runs_on_the_test_settings():
    assert settings.SETTINGS_MODULE == "secpanel.config.settings.test"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")


def test_the_embedded_database_waits_for_a_writer_instead_of_failing(db):
    """On SQLite (the embedded default), concurrent writers queue: WAL (file databases), write
    transactions that take the lock up front, and a 20 s busy timeout; PostgreSQL needs none."""
    from django.db import connection

    if connection.vendor != "sqlite":
        assert "transaction_mode" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
