"""The suite runs on the test settings, whatever DJANGO_SETTINGS_MODULE the shell exports."""

from django.conf import settings


def test_the_suite_runs_on_the_test_settings():
    assert settings.SETTINGS_MODULE == "secpanel.config.settings.test"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
