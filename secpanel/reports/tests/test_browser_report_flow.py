"""End to end in Chromium: the secretariat compiles, previews, edits, issues and publishes the
report (its fourth job, issue 15, at a desktop's and a phone's width, with screenshots of each
step in /tmp/shots/paper-<step>-<width>.png); the public then downloads the public edition (a
PDF, the bytes issued) and never sees the Panel edition."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from secpanel.reports.models import IssuedFile
from secpanel.testkit.browser import WIDTHS, at_width, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_compiles_edits_issues_and_publishes(
    world,
    march_2020,
    page,
    live_server,
    login,
    width,
):
    at_width(page, width)
    login("owner_secretariat")
    page.goto(f"{live_server.url}/reports/new/")
    page.select_option("select[name=meeting]", label=str(march_2020))
    shot(page, "paper", "1-compile", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Compile").click()
    expect(page.get_by_role("heading", name="SECP_80_1303_9 – Committees Report")).to_be_visible()
    expect(page.get_by_text("Release 3.0 testing").first).to_be_visible()
    expect(page.get_by_text("From: Release 3.0 testing").first).to_be_visible()  # provenance
    shot(page, "paper", "2-compiled", width)

    # preview: the public edition, as the public will read it
    with page.expect_navigation():
        page.get_by_role("link", name="Public edition").click()
    current = page.get_by_role("link", name="Public edition")
    expect(current).to_have_attribute("aria-current", "page")
    expect(page.locator(".paper-preview").get_by_text("Release 3.0 testing").first).to_be_visible()
    shot(page, "paper", "3-preview-public", width)

    page.get_by_role("link", name="Edit wording").click()
    box = page.locator("textarea", has_text="Text of Release 3.0 testing.")
    box.fill("Release 3.0 testing is on track.")
    save = page.get_by_role("button", name="Save as a new version")
    with page.expect_navigation():
        save.click()  # no note: refused, nothing lost
    expect(page.get_by_text("Say what the edit is for")).to_be_visible()
    assert page.locator("textarea", has_text="Release 3.0 testing is on track.").count() == 1
    shot(page, "paper", "4-edit-refused", width)
    page.fill("input[name=note]", "Clearer wording")
    with page.expect_navigation():
        save.click()
    expect(
        page.locator(".paper-preview").get_by_text("Release 3.0 testing is on track.")
    ).to_be_visible()
    expect(page.get_by_text("Clearer wording").first).to_be_visible()
    shot(page, "paper", "5-edited", width)

    with page.expect_navigation():
        page.get_by_role("link", name="Issue…").click()
    # a confirmation first: what will happen, who will see it
    expect(page.get_by_role("heading", name="Issue SECP_80_1303_9?")).to_be_visible()
    expect(page.get_by_text("The wording can no longer be edited or recompiled.")).to_be_visible()
    shot(page, "paper", "6-issue-confirm", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Issue").click()
    expect(page.get_by_test_id("status")).to_have_text("Issued")
    with page.expect_navigation():
        page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    shot(page, "paper", "7-publish-confirm", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("status")).to_have_text("Published")
    shot(page, "paper", "8-published", width)

    public_pdf = IssuedFile.objects.unrestricted().get(edition="public", format="pdf")
    # February 2020 has no Appendix A: only the public edition is issued
    assert not IssuedFile.objects.unrestricted().filter(edition="panel").exists()
    anonymous = page.context.browser.new_context(
        viewport={"width": width, "height": 900}, accept_downloads=True
    ).new_page()
    anonymous.goto(f"{live_server.url}/reports/published/")
    link = anonymous.get_by_role("link", name="SECP_80_1303_9.pdf")
    expect(link).to_be_visible()
    assert anonymous.get_by_text("PANEL_RED").count() == 0
    shot(anonymous, "paper", "9-published-list", width)
    # the download, as the public clicks it: a PDF, the bytes that were issued
    response = anonymous.request.get(f"{live_server.url}/reports/files/{public_pdf.pk}/")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-sha256"] == public_pdf.sha256
    with anonymous.expect_download() as download:
        link.click()
    saved = Path(download.value.path()).read_bytes()
    assert saved.startswith(b"%PDF") and hashlib.sha256(saved).hexdigest() == public_pdf.sha256
    anonymous.context.close()


def test_a_wording_edit_survives_recompiling_and_a_changed_record_flags_it(
    world, march_2020, page, live_server, login
):
    from secpanel.meetings.models import Highlight
    from secpanel.meetings.services import highlight_update

    login("owner_secretariat")
    page.goto(f"{live_server.url}/reports/new/")
    page.select_option("select[name=meeting]", label=str(march_2020))
    with page.expect_navigation():
        page.get_by_role("button", name="Compile").click()
    page.get_by_role("link", name="Edit wording").click()
    page.locator("textarea", has_text="Text of Release 3.0 testing.").fill("On track.")
    page.fill("input[name=note]", "Shorter")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as a new version").click()

    with page.expect_navigation():
        page.get_by_role("button", name="Recompile from records").click()
    expect(page.get_by_text("Recompiled as version 3.")).to_be_visible()
    expect(page.locator(".paper-preview").get_by_text("On track.")).to_be_visible()  # survived
    assert (
        page.get_by_test_id("wording-edits").get_by_text("records changed", exact=True).count() == 0
    )

    highlight = Highlight.objects.unrestricted().get(heading="Release 3.0 testing")
    highlight_update(
        actor=world.users["owner_secretariat"],
        highlight=highlight,
        text="Release 3.0 slipped a month.",
        reason="News",
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Recompile from records").click()
    edits = page.get_by_test_id("wording-edits")
    expect(edits.get_by_text("records changed", exact=True)).to_be_visible()
    expect(edits.get_by_text("The records now say: Release 3.0 slipped a month.")).to_be_visible()
    expect(page.locator(".paper-preview").get_by_text("On track.")).to_be_visible()  # still kept
    with page.expect_navigation():
        edits.get_by_role("button", name="Keep my wording").click()
    assert (
        page.get_by_test_id("wording-edits").get_by_text("records changed", exact=True).count() == 0
    )

    page.get_by_role("link", name="compare with v4").last.click()
    expect(page.get_by_role("heading", name="Version 1 and version 4")).to_be_visible()
    expect(page.get_by_test_id("changed")).to_be_visible()
