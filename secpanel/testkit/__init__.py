"""Test support, not application code: the world of bodies and people the tests build
(`world`), the visibility matrix's oracle and targets (`matrix`), signing in (`auth`) and the
demo data loaded once per test run (`demo`). Imported by conftest.py and the apps' tests only;
no installed app imports it."""

from secpanel.testkit.auth import record_second_factor
from secpanel.testkit.matrix import (
    EXPECTED,
    EXPECTED_OF_PANEL_RECORDS,
    OWNERS,
    ROLES,
    FeedTarget,
    MatrixTarget,
    expected_levels,
)
from secpanel.testkit.world import BODIES, World, build_world

__all__ = [
    "BODIES",
    "EXPECTED",
    "EXPECTED_OF_PANEL_RECORDS",
    "OWNERS",
    "ROLES",
    "FeedTarget",
    "MatrixTarget",
    "World",
    "build_world",
    "expected_levels",
    "record_second_factor",
]
