"""Production: every secret from the environment, HTTPS only, PostgreSQL via DATABASE_URL."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["SECPANEL_SECRET_KEY"]
DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = os.environ.get(
    "SECPANEL_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
