"""Fixtures of the notifications tests: a real SMTP server on loopback, the site's address."""

from __future__ import annotations

import pytest

from secpanel.notifications.tests.smtp import Inbox, SmtpServer


@pytest.fixture
def inbox(settings) -> Inbox:
    """Mail goes over SMTP to a server on 127.0.0.1 (a free port); its messages."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_TIMEOUT = 10
        settings.SECPANEL_SITE_URL = "http://testserver"
        yield server.inbox
