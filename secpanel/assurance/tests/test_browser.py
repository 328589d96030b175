"""End to end in headless Chromium: the secretariat records the SSC's outcome of a Verification
assessment (the secretariat's second job, issue 15, at a desktop's and a phone's width, with
screenshots of each step in /tmp/shots/ssc-outcome-<step>-<width>.png), and a Panel member it
is not distributed to cannot find it."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from secpanel.assurance.defaults import ensure_defaults
from secpanel.testkit.browser import WIDTHS, at_width, shot

from .factories import reported, sec_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_moves_an_assessment_and_records_a_non_compliant_outcome(
    world, page, live_server, login, width
):
    ensure_defaults()  # an earlier transactional test may have flushed the seeded rows
    assessment = reported(world, sec_user(world, name="Storm Petrel Energy Ltd"))
    url = f"{live_server.url}/assurance/assessments/{assessment.pk}/"

    at_width(page, width)
    login("owner_secretariat")
    page.goto(url)
    shot(page, "ssc-outcome", "1-assessment", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Response received").click()
    expect(page.get_by_test_id("status")).to_have_text("Response received")

    page.get_by_role("link", name="Record the SSC’s outcome").click()
    page.get_by_label("Date of the decision").fill("2019-04-24")
    page.get_by_label("Compliance status").select_option(label="Non-compliant")
    page.get_by_label("Reason").fill("SSC minutes, item 5")
    shot(page, "ssc-outcome", "2-outcome-form", width)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(url)
    expect(page.get_by_test_id("status")).to_have_text("Reviewed by the SSC")
    expect(page.get_by_text("The SSC must notify the Panel")).to_be_visible()
    shot(page, "ssc-outcome", "3-outcome-recorded", width)

    page.goto(f"{live_server.url}/assurance/?month=2019-04")
    expect(page.get_by_test_id("verification")).to_have_text("1")
    expect(page.get_by_role("cell", name="Storm Petrel Energy Ltd")).to_be_visible()
    shot(page, "ssc-outcome", "4-month-figures", width)
    assessment.refresh_from_db()
    assert assessment.ssc_review_on == datetime.date(2019, 4, 24)


def test_a_panel_member_gets_404_for_an_undistributed_red_assessment(
    world, page, live_server, login
):
    assessment = reported(world, sec_user(world, name="Fulmar Fuels Ltd"))
    login("panel_member")
    response = page.goto(f"{live_server.url}/assurance/assessments/{assessment.pk}/")
    assert response.status == 404
    assert "Fulmar" not in page.content()
    page.goto(f"{live_server.url}/assurance/assessments/")
    assert "Fulmar" not in page.content()
