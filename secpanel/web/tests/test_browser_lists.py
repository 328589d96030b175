"""A register list on a phone (375 px): nothing overflows sideways, the filter form folds
behind a button and works, and a sortable header sorts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from secpanel.core.classification import Classification
from secpanel.meetings import services as meetings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_decisions_list_fits_a_phone_and_its_filters_work(page, live_server, world):
    sec = world.users["owner_secretariat"]
    meeting = meetings.meeting_create(
        actor=sec,
        body=world.owner,
        number=1,
        starts_at=timezone.make_aware(datetime.datetime(2019, 4, 1, 10)),
    )
    for level in (Classification.WHITE, Classification.WHITE, Classification.AMBER):
        meetings.decision_record(
            actor=sec,
            owning_body=world.owner,
            verb="agreed",
            text=f"A {level.label} decision with a long unbroken wording " + "x" * 60,
            meeting=meeting,
            date=datetime.date(2019, 4, 1),
            classification=level,
        )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/decisions/")
    expect(page.get_by_role("heading", name="Decisions")).to_be_visible()
    expect(page.get_by_text("1–2 of 2")).to_be_visible()  # the public: the WHITE ones
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(fits)

    level = page.locator("#id_level")
    expect(level).to_be_hidden()  # folded on a phone
    page.get_by_role("button", name="Filters").click()
    expect(level).to_be_visible()
    level.select_option(str(int(Classification.AMBER)))
    page.locator("#list-filters").get_by_role("button", name="Filter").click()
    page.wait_for_url("**/decisions/?*level=3*")
    expect(page.get_by_text("No decisions you can see.")).to_be_visible()  # hidden is none
    assert page.evaluate(fits)

    page.goto(f"{live_server.url}/decisions/?date_from=2019-02-30")
    expect(page.locator("#id_date_from-error")).to_be_visible()  # unfolded, with the message
    assert page.evaluate(fits)

    page.goto(f"{live_server.url}/decisions/")
    page.get_by_role("link", name="Date").click()
    page.wait_for_url("**sort=date*")
    expect(page.locator("th[aria-sort=ascending]")).to_have_text("Date ▲")
    page.get_by_role("link", name="Date").click()
    page.wait_for_url("**sort=-date*")
    expect(page.locator("th[aria-sort=descending]")).to_have_text("Date ▼")
    assert page.evaluate(fits)
