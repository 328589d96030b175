"""End to end in headless Chromium at 375 pixels: the navbar's search box (behind the menu
button on a phone) finds a record, the results page fits the window, the word is marked."""

from __future__ import annotations

import datetime

import pytest

from secpanel.core.classification import Classification
from secpanel.meetings.services import highlight_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1366])
def test_the_navbar_search_box_finds_a_record_on_a_phone_and_a_desktop(
    world, page, live_server, width
):
    highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        heading="Smart meter rollout",
        text="The pangolin firmware release was agreed.",
        period=datetime.date(2019, 4, 1),
        classification=Classification.WHITE,
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/")
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
    box = page.get_by_role("searchbox", name="Search the registers")
    box.wait_for(state="visible")
    box.fill("pangolin")
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/?q=pangolin" in page.url
    result = page.get_by_test_id("results").locator("li").first
    assert "Smart meter rollout" in result.inner_text()
    assert result.locator("mark").first.inner_text().lower() == "pangolin"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
