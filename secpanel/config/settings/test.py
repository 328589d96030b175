"""The test suite: same as base, fast hashing, in-memory cache and e-mail."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# tasks are queued and not run (notifications' tests run them, and the database queue)
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# one per pytest-xdist worker (`make test` runs two): tests write and read back their uploads
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{os.environ.get('PYTEST_XDIST_WORKER', '')}"  # noqa: F405
# the suite's property tests make thousands of API calls; the limits have their own test
SECPANEL_API_RATES = {"anon": None, "user": None}
