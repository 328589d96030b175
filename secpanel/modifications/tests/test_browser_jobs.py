"""The secretariat's third job (issue 15) end to end in Chromium, at a desktop's and a phone's
width: on a modification's page, a stage change and an implementation-date change, then the
withdrawal of the mistaken date (a confirmation, a reason refused when empty), struck through
on the public's timeline while the date returns to the previous one. Screenshots of each step
in /tmp/shots/modification-<step>-<width>.png."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from secpanel.modifications.models import EventKind, ModificationStage
from secpanel.modifications.services import modification_create
from secpanel.testkit.browser import WIDTHS, at_width, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_changes_stage_and_date_then_withdraws_the_mistaken_date(
    world, page, live_server, login, width
):
    mod = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0024",
        title="Enduring Approach to Communication Hub Firmware Management",
        stage=ModificationStage.REFINEMENT,
        date_raised=datetime.date(2018, 3, 1),
        implementation_date=datetime.date(2019, 11, 7),
        reason="Raised",
    )
    url = f"{live_server.url}{mod.get_absolute_url()}"
    at_width(page, width)
    login("owner_secretariat")
    page.goto(url)
    shot(page, "modification", "1-page", width)

    # 1. a stage change
    with page.expect_navigation():
        page.get_by_role("link", name="Move to the Report Phase").click()
    page.get_by_label("Reason").fill("Refinement Consultation closed")
    shot(page, "modification", "2-stage-form", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Record").click()
    expect(page.get_by_test_id("stage")).to_have_text("Report Phase")
    shot(page, "modification", "3-stage-changed", width)

    # 2. an implementation-date change (typed in the wrong month)
    with page.expect_navigation():
        page.get_by_role("link", name="Change release or implementation date").click()
    page.get_by_label("Implementation date").fill("2020-12-05")
    page.get_by_label("Reason").fill("TABASC agreed a new date")
    shot(page, "modification", "4-date-form", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Record").click()
    expect(page.get_by_test_id("implementation-date")).to_have_text("5 December 2020")

    # 3. withdraw the mistaken entry: a confirmation first, the reason is required
    entry = mod.events.get(kind=EventKind.IMPLEMENTATION_DATE, to_value="5 December 2020")
    row = page.get_by_test_id(f"entry-{entry.pk}")
    with page.expect_navigation():
        row.get_by_role("link", name=re.compile("Withdraw this entry")).click()
    expect(page.get_by_role("heading", name=re.compile("Withdraw"))).to_be_visible()
    consequences = page.get_by_test_id("consequences")
    expect(consequences).to_contain_text("returns to 7 November 2019")
    expect(consequences).to_contain_text("Everyone, the public included")
    shot(page, "modification", "5-withdraw-confirm", width)
    with page.expect_navigation() as answer:
        page.get_by_role("button", name="Withdraw the entry").click()
    assert answer.value.status == 400
    expect(page.locator("#id_reason-error")).to_contain_text("Say why the entry is withdrawn")
    shot(page, "modification", "6-withdraw-no-reason", width)
    page.get_by_label("Why is this entry withdrawn?").fill("Typed 2020 for 2019: not agreed")
    with page.expect_navigation():
        page.get_by_role("button", name="Withdraw the entry").click()
    expect(page.get_by_test_id("implementation-date")).to_have_text("7 November 2019")
    expect(page.get_by_test_id("stage")).to_have_text("Report Phase")  # untouched
    shot(page, "modification", "7-withdrawn", width)

    # the public sees it struck through, with the reason
    public = page.context.browser.new_context(viewport={"width": width, "height": 900}).new_page()
    public.goto(url)
    struck = public.get_by_test_id(f"entry-{entry.pk}")
    expect(struck.locator("del").first).to_have_text(
        "Implementation date: 7 November 2019 → 5 December 2020"
    )
    expect(struck.get_by_test_id("withdrawn")).to_contain_text("Typed 2020 for 2019: not agreed")
    expect(struck.get_by_role("link", name=re.compile("Withdraw"))).to_have_count(0)
    shot(public, "modification", "8-public-timeline", width)
    public.context.close()
