"""Helpers of the browser tests of the secretariat's four jobs (issue 15): the two widths, the
screenshots of each step, the phone's collapsed navbar and the no-sideways-scroll check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

WIDTHS = [1366, 375]
SHOTS = Path("/tmp/shots")


def at_width(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})


def shot(page: Any, job: str, step: str, width: int) -> None:
    """The whole page at this step, as /tmp/shots/<job>-<step>-<width>.png; at a phone's
    width, also that nothing overflows sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{job}-{step}-{width}.png"), full_page=True)
    if width < 576:
        assert fits(page), f"{job}-{step}: the page scrolls sideways at {width} px"


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def open_menu(page: Any) -> None:
    """On a phone the navbar is behind its toggler: open it (nothing to do on a desktop)."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()


def sign_out(page: Any) -> None:
    open_menu(page)
    button = page.get_by_role("button", name="Sign out")
    expect(button).to_be_visible()
    with page.expect_navigation():
        button.click()
