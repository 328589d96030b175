"""The wording page (`reports:report_edit`) through its form: what the browser flow does,
without a browser. A refusal keeps what was typed; a saved edit is a new version."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.policy import forget_access_profile
from secpanel.reports.models import Edition
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(world, march_2020):
    actor = world.users["owner_secretariat"]
    forget_access_profile(actor)
    report = report_create(actor=actor, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    block = next(b for b in doc.body if b.text == "Text of Release 3.0 testing.")
    client = Client()
    client.force_login(actor)
    return client, report, block, reverse("reports:report_edit", args=[report.pk])


def test_the_wording_page_shows_every_paragraph_and_heading(page):
    client, _report, block, url = page
    html = client.get(url).content.decode()
    assert f'id="block-{block.key}" name="block-{block.key}"' in html
    assert ">Text of Release 3.0 testing.</textarea>" in html


def test_an_edit_without_a_note_is_refused_and_keeps_the_text(page):
    client, report, block, url = page
    response = client.post(url, {f"block-{block.key}": "Release 3.0 testing is on track."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html and "Say what the edit is for" in html
    assert ">Release 3.0 testing is on track.</textarea>" in html
    assert report.versions.count() == 1


def test_an_emptied_block_is_refused_on_that_block(page):
    client, report, block, url = page
    html = client.post(url, {"note": "Drop it", f"block-{block.key}": "  "}).content.decode()
    assert "A block cannot be emptied" in html and "is-invalid" in html
    assert report.versions.count() == 1


def test_a_note_over_its_limit_is_a_field_error_and_nothing_is_saved(page):
    client, report, block, url = page
    html = client.post(url, {"note": "n" * 301, f"block-{block.key}": "New."}).content.decode()
    assert "Nothing was saved" in html and "300" in html
    assert report.versions.count() == 1


def test_an_edit_with_a_note_is_a_new_version(page):
    client, report, block, url = page
    response = client.post(
        url, {"note": "Clearer wording", f"block-{block.key}": "Release 3.0 testing is on track."}
    )
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    version = report.latest_version()
    assert version.number == 2 and version.note == "Clearer wording"
    doc = version_document(version, Edition.PUBLIC)
    assert any(b.text == "Release 3.0 testing is on track." for b in doc.body)


def test_only_the_secretariat_may_open_the_wording_page(page, world):
    _client, _report, _block, url = page
    member = Client()
    member.force_login(world.users["panel_member"])
    response = member.get(url)
    assert response.status_code == 403
    assert "Only the Panel&#x27;s secretariat can edit the report." in response.content.decode()
