"""End to end in headless Chromium: the secretariat approves a document version on a decision."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from secpanel.core.classification import Classification
from secpanel.core.services import classified_create
from secpanel.documents import services
from secpanel.documents.models import VersionStatus
from secpanel.meetings.models import Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_approves_a_version_by_choosing_the_decision(world, page, live_server, login):
    sec = world.users["owner_secretariat"]
    doc = services.document_create(
        actor=sec, owning_body=world.owner, title="Security Controls Framework", short_name="SCF"
    )
    version = services.version_create(actor=sec, document=doc, version="1.16")
    decision = classified_create(
        actor=sec,
        instance=Decision(
            owning_body=world.owner,
            classification=Classification.WHITE,
            date=datetime.date(2019, 4, 10),
            verb="approved",
            text="The SSC agreed and approved the SCF V1.16.",
        ),
    )

    login("owner_secretariat")
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    assert page.get_by_test_id("status").inner_text() == "Draft"
    page.get_by_label("Reason (kept in history)").fill("SSC meeting of 10 April")
    page.get_by_label("Decision that made it").select_option(str(decision.pk))
    page.get_by_role("button", name="Approve").click()

    assert page.get_by_test_id("status").inner_text() == "Approved"
    assert (
        "The SSC agreed and approved the SCF V1.16." in page.get_by_test_id("approval").inner_text()
    )
    assert page.get_by_test_id("discussed-in").get_by_role("link").count() == 1
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert version.approved_by_decision_id == decision.pk


def test_a_party_user_sees_the_approved_version_without_any_buttons(
    world, page, live_server, login
):
    sec = world.users["owner_secretariat"]
    doc = services.document_create(actor=sec, owning_body=world.owner, title="Agreed Interps")
    version = services.version_create(actor=sec, document=doc, version="1.7")
    login("party")
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Agreed Interps V1.7")).to_be_visible()
    assert page.get_by_role("button", name="Approve").count() == 0
