"""Local development and `make demo`: SQLite under var/, console e-mail, WhiteNoise serving.

The demo runs with DEBUG off, as production would; set SECPANEL_DEBUG=1 for tracebacks.
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("SECPANEL_DEBUG") == "1"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
