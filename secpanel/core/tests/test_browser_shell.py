"""End to end in headless Chromium: signing in changes what the pages show."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from secpanel.core.classification import Classification
from secpanel.meetings.models import Highlight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _red(world):
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="Red finding for the SSC",
        text="G5.14 weakness",
        period=datetime.date(2019, 4, 1),
    )


def test_a_member_signs_in_and_reads_a_red_record_the_public_gets_404_for(
    world, page, live_server, login
):
    red = _red(world)
    url = f"{live_server.url}/highlights/{red.pk}/"

    response = page.goto(url)
    assert response.status == 404
    assert "Red finding" not in page.content()

    login("owner_member")
    assert page.get_by_test_id("whoami").inner_text() == str(world.users["owner_member"])
    response = page.goto(url)
    assert response.status == 200
    expect(page.get_by_role("heading", name="Red finding for the SSC")).to_be_visible()
    banner = page.get_by_role("note", name="Page classification")
    assert "TLP:RED" in banner.inner_text()


def test_secretariat_must_pass_two_factor_to_sign_in(world, page, live_server, login):
    login("owner_secretariat")
    # the TOTP step was asked for and passed: the account is signed in, on the home page
    assert page.get_by_test_id("whoami").inner_text() == str(world.users["owner_secretariat"])


def test_a_wrong_password_is_refused_with_a_clear_message(world, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "owner_member")
    page.fill("input[name=password]", "wrong")
    page.click("form:has(input[name=password]) button[type=submit]")
    assert "not correct" in page.content()
    assert page.get_by_test_id("whoami").count() == 0
