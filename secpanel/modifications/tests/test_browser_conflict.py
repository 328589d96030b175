"""Two browsers edit the same modification: the second save is refused with the conflict
shown, and nothing of either person's work is lost."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from secpanel.modifications.models import Modification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.every_database,  # row locks and versions on each database
    pytest.mark.django_db(transaction=True),
]


def test_two_browsers_editing_one_modification(world, page, live_server, login, browser):
    from secpanel.modifications.services import modification_create

    mod = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0055",
        title="Incorporation of multiple Issue Resolution Proposals",
        date=datetime.date(2019, 4, 1),
        reason="Test",
    )
    edit = f"{live_server.url}/modifications/{mod.reference}/edit/"
    second_context = browser.new_context()
    other = second_context.new_page()
    login("owner_secretariat")
    login("owner_secretariat", on=other)
    page.goto(edit)
    other.goto(edit)

    page.fill("input[name=lead_analyst]", "Alice")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved").first).to_be_visible()

    other.fill("input[name=title]", "Bob's title")
    other.get_by_role("button", name="Save").click()
    alert = other.get_by_role("alert")
    alert.get_by_text("Their changes to lead analyst are now in the form").wait_for()
    assert other.locator("input[name=title]").input_value() == "Bob's title"  # kept
    assert other.locator("input[name=lead_analyst]").input_value() == "Alice"  # merged in
    stored = Modification.objects.unrestricted().get(pk=mod.pk)
    assert (stored.lead_analyst, stored.title) == ("Alice", mod.title)
    alert.scroll_into_view_if_needed()
    other.screenshot(path="/tmp/conflict_1366.png")

    with other.expect_navigation():  # after looking: saving again stores both changes
        other.get_by_role("button", name="Save").click()
    stored.refresh_from_db()
    assert (stored.title, stored.lead_analyst) == ("Bob's title", "Alice")
    second_context.close()
