"""The benchmark's floor (bench/run.py): the demo's settings with classification switched
off, so a page costs what it would with no visibility filter. Never for anything else:
`check --deploy` refuses SECPANEL_CLASSIFICATION_OFF (secpanel/core/checks.py)."""

from .dev import *  # noqa: F403

SECPANEL_CLASSIFICATION_OFF = True
