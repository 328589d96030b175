"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest

from secpanel.core.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright sync API)."""
    import os

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test body (not by the live server) would otherwise be refused as "async unsafe".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from secpanel.core.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(page, live_server):
    """Sign in through the real login form (and the TOTP step when the account has one)."""

    def _login(username: str, password: str = "pw") -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "/accounts/2fa/authenticate" in page.url:
            from django.core.cache import cache

            from secpanel.accounts.management.commands.demo_totp import current_code
            from secpanel.core.demo import DEMO_TOTP_SECRET

            # allauth refuses a code already used in its 30-second window; tests sign in
            # faster than that, so forget used codes (the live server shares this cache).
            cache.clear()

            page.fill("input[name=code]", current_code(DEMO_TOTP_SECRET))
            with page.expect_navigation():
                page.click("button[type=submit]")
        assert "/accounts/" not in page.url, f"sign-in as {username} failed: {page.url}"

    return _login
