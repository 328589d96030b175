"""End to end in headless Chromium, at 1366 and 375 pixels: a SEC Party's person responds to a
consultation, changes the response, and the page stops offering changes after the deadline;
the secretariat publishes the summary of responses (decisions/0018)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from secpanel.accounts.models import Organisation, PartyCategory, User
from secpanel.core.classification import Classification
from secpanel.documents import services
from secpanel.documents.models import Consultation, ConsultationResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()
SHOTS = Path("/tmp/shots")


def _sign_in(page, live_server, username: str) -> None:
    """The login form, submitted from its password field (the navbar has a search form whose
    button is the page's first submit button)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pw")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/" not in page.url


def _fits(page) -> bool:
    """Nothing wider than the window: no sideways scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1366, 375])
def test_a_party_responds_changes_it_and_sees_it_closed_after_the_deadline(
    world, page, live_server, width
):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    sec = world.users["owner_secretariat"]
    harbour = Organisation.objects.create(
        name="Harbour Power Ltd", short_name="Harbour", party_category=PartyCategory.SMALL_SUPPLIER
    )
    User.objects.create_user(username="priya", password="pw", organisation=harbour)
    c = services.consultation_create(
        actor=sec,
        owning_body=world.owner,
        title="Consultation on the Security Controls Framework V1.17",
        closes_on=TODAY + datetime.timedelta(days=7),
        opens_on=TODAY - datetime.timedelta(days=7),
        classification=Classification.WHITE,
    )
    c = services.consultation_transition(actor=sec, obj=c, name="open")

    _sign_in(page, live_server, "priya")
    page.goto(f"{live_server.url}{c.get_absolute_url()}")
    page.get_by_role("link", name="Respond for Harbour").click()
    expect(page.get_by_test_id("who-reads")).to_be_visible()
    page.get_by_label("Your response").fill("Harbour supports the change, with a later date.")
    page.get_by_label("Confidential: do not publish it").check()
    assert _fits(page)
    page.screenshot(path=str(SHOTS / f"responses-form-{width}.png"), full_page=True)
    page.get_by_role("button", name="Submit response").click()

    expect(page.get_by_role("heading", name="Harbour")).to_be_visible()
    expect(page.get_by_test_id("confidential")).to_be_visible()
    response = ConsultationResponse.objects.unrestricted().get(consultation=c)
    assert response.confidential and response.level == Classification.RED

    page.get_by_role("link", name="Change your response").click()
    page.get_by_label("Your response").fill("Harbour supports the change as proposed.")
    page.get_by_label("Confidential: do not publish it").uncheck()
    page.get_by_role("button", name="Save changes").click()
    assert "Harbour supports the change as proposed." in page.content()
    response.refresh_from_db()
    assert not response.confidential and response.history.count() == 2
    page.goto(f"{live_server.url}{c.get_absolute_url()}")
    expect(
        page.get_by_test_id("own-response").get_by_role("link", name="Change your response")
    ).to_be_visible()
    assert _fits(page)
    page.screenshot(path=str(SHOTS / f"responses-consultation-{width}.png"), full_page=True)

    # the deadline passes: read-only, saying so
    Consultation.objects.unrestricted().filter(pk=c.pk).update(
        closes_on=TODAY - datetime.timedelta(days=1)
    )
    page.goto(f"{live_server.url}{c.get_absolute_url()}")
    assert page.get_by_role("link", name="Change your response").count() == 0
    page.goto(f"{live_server.url}/documents/consultations/{c.pk}/respond/")
    assert "The deadline was" in page.get_by_test_id("closed").inner_text()
    assert page.get_by_role("button", name="Save changes").count() == 0
    page.screenshot(path=str(SHOTS / f"responses-closed-{width}.png"), full_page=True)

    # the secretariat publishes the summary; the public reads it and the response
    services.consultation_summary_publish(
        actor=sec,
        consultation=c,
        summary="One response, **in support**; the SSC agreed the change.",
        reason="SSC meeting",
    )
    public = page.context.browser.new_context(viewport={"width": width, "height": 900})
    anonymous = public.new_page()
    anonymous.goto(f"{live_server.url}{c.get_absolute_url()}")
    summary = anonymous.get_by_test_id("response-summary").inner_text()
    assert "the SSC agreed the change" in summary
    expect(anonymous.get_by_role("link", name="Harbour")).to_be_visible()
    assert _fits(anonymous)
    anonymous.screenshot(path=str(SHOTS / f"responses-published-{width}.png"), full_page=True)
    public.close()
