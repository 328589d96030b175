"""No lost update on the wording page (issue 17): the form carries the version its wording was
read from; a save over a newer version is refused, the colleague's wording of the blocks this
person left alone is taken into the form, theirs is kept, and nothing is saved."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.policy import forget_access_profile
from secpanel.reports.models import Edition
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create

pytestmark = pytest.mark.django_db


def _texts(report) -> dict[str, str]:
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    return {b.key: b.text for b in doc.body}


def test_a_wording_edit_over_a_newer_version_is_refused_and_reverts_nothing(world, march_2020):
    actor = world.users["owner_secretariat"]
    forget_access_profile(actor)
    report = report_create(actor=actor, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    a, b = [blk for blk in doc.body if blk.kind == "paragraph"][:2]
    url = reverse("reports:report_edit", args=[report.pk])
    alice, bob = Client(), Client()
    alice.force_login(actor)
    bob.force_login(actor)
    html = bob.get(url).content.decode()
    seen = re.search(r'name="seen_version" value="(\d+)"', html)
    assert seen and seen.group(1) == "1"
    sent = {
        f"block-{blk.key}": blk.text for blk in doc.body if blk.kind in ("paragraph", "subheading")
    }

    first = alice.post(
        url, {**sent, f"block-{a.key}": "Alice's wording.", "note": "A", "seen_version": "1"}
    )
    assert first.status_code == 302 and report.versions.count() == 2

    # Bob, still on version 1, changes block b only: block a still holds version 1's text
    second = bob.post(
        url, {**sent, f"block-{b.key}": "Bob's wording.", "note": "B", "seen_version": "1"}
    )
    page = second.content.decode()
    assert second.status_code == 200
    assert "saved version 2" in page and "after you opened version 1" in page
    assert "Nothing was saved yet" in page
    assert report.versions.count() == 2  # nothing saved
    assert _texts(report)[a.key] == "Alice's wording."  # not reverted to version 1's
    assert "Alice&#x27;s wording.</textarea>" in page  # taken into his form
    assert "Bob&#x27;s wording.</textarea>" in page  # his kept
    assert 'name="seen_version" value="2"' in page

    # saving again, after looking, stores both
    again = bob.post(
        url,
        {
            **sent,
            f"block-{a.key}": "Alice's wording.",
            f"block-{b.key}": "Bob's wording.",
            "note": "B",
            "seen_version": "2",
        },
    )
    assert again.status_code == 302
    texts = _texts(report)
    assert (texts[a.key], texts[b.key]) == ("Alice's wording.", "Bob's wording.")
