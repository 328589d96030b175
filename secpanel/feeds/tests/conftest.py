"""Fixtures of the feeds' tests: a feed key per role of the world."""

from __future__ import annotations

import pytest

from secpanel.feeds.services import feed_token_rotate


@pytest.fixture
def feed_keys(world) -> dict[str, str]:
    """Each active role's own feed key, made through the service."""
    return {
        role: feed_token_rotate(actor=user, user=user)[1]
        for role, user in world.users.items()
        if user.is_active
    }
