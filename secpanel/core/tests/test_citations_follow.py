"""`cited_by(..., follow=...)` joins only public parents: a classified one is never read so."""

from __future__ import annotations

from secpanel.core.citations import _followable
from secpanel.meetings.models import Decision, Highlight, Meeting


def test_only_chains_of_foreign_keys_to_public_records_are_followed():
    paths = ("owning_body", "meeting__body", "agenda_item", "agenda_item__meeting", "body", "x")
    assert _followable(Decision, paths) == ["owning_body", "meeting__body"]
    assert _followable(Highlight, paths) == ["owning_body", "meeting__body"]
    assert _followable(Meeting, paths) == ["body"]
