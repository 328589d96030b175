"""Edits that survive: a wording edit is kept against its block and the record versions under
it; recompiling re-applies it, and flags it for review when a record under it changed. Nothing
is silently dropped; any version can be restored as a new one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Highlight
from secpanel.meetings.services import highlight_update
from secpanel.reports.models import Edition, WordingEdit
from secpanel.reports.selectors import version_document
from secpanel.reports.services import (
    edit_settle,
    report_create,
    report_edit,
    report_recompile,
    report_restore,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sec(world):
    from secpanel.core.policy import forget_access_profile

    user = world.users["owner_secretariat"]
    forget_access_profile(user)
    return user


@pytest.fixture
def report(sec, march_2020):
    return report_create(actor=sec, meeting=march_2020)


def _text(version, key):
    doc = version_document(version, Edition.PUBLIC)
    return next(b.text for b in doc.body if b.key == key)


def _highlight_key(report, heading):
    highlight = Highlight.objects.unrestricted().get(heading=heading)
    return highlight, f"hl{highlight.pk}"


def test_an_edit_survives_recompiling(sec, report):
    _, key = _highlight_key(report, "Release 3.0 testing")
    report_edit(actor=sec, report=report, edits={key: "Release 3.0 is on track."}, note="Tone")
    again = report_recompile(actor=sec, report=report)
    assert _text(again, key) == "Release 3.0 is on track."
    edit = WordingEdit.objects.get(report=report, key=key)
    assert not edit.needs_review and not edit.orphaned


def test_a_changed_record_flags_the_edit_and_keeps_it(sec, report, world):
    highlight, key = _highlight_key(report, "Release 3.0 testing")
    report_edit(actor=sec, report=report, edits={key: "Release 3.0 is on track."}, note="Tone")
    highlight_update(
        actor=sec, highlight=highlight, text="Release 3.0 slipped a month.", reason="News"
    )
    again = report_recompile(actor=sec, report=report)
    assert _text(again, key) == "Release 3.0 is on track."  # kept, never silently dropped
    edit = WordingEdit.objects.get(report=report, key=key)
    assert edit.needs_review
    assert edit.generated_text == "Release 3.0 slipped a month."
    event = AuditEvent.objects.filter(kind="reports.report_compiled").latest("id")
    assert event.after["edits_to_review"] == [key]
    # keeping it settles the review; a further recompile does not flag it again
    edit_settle(actor=sec, report=report, key=key, keep=True, note="Still right")
    report_recompile(actor=sec, report=report)
    assert not WordingEdit.objects.get(report=report, key=key).needs_review


def test_dropping_an_edit_goes_back_to_the_records(sec, report):
    highlight, key = _highlight_key(report, "Release 3.0 testing")
    report_edit(actor=sec, report=report, edits={key: "Release 3.0 is on track."}, note="Tone")
    version = edit_settle(actor=sec, report=report, key=key, keep=False, note="Not needed")
    assert _text(version, key) == highlight.text
    assert not WordingEdit.objects.filter(report=report).exists()


def test_an_edit_whose_block_is_gone_is_kept_as_orphaned(sec, report):
    highlight, key = _highlight_key(report, "Release 3.0 testing")
    report_edit(actor=sec, report=report, edits={key: "Release 3.0 is on track."}, note="Tone")
    Highlight.objects.unrestricted().filter(pk=highlight.pk).update(period="2020-01-01")
    report_recompile(actor=sec, report=report)
    edit = WordingEdit.objects.get(report=report, key=key)
    assert edit.orphaned and edit.needs_review
    with pytest.raises(ValidationError):
        edit_settle(actor=sec, report=report, key=key, keep=True)


def test_any_version_can_be_restored_as_a_new_one(sec, report):
    _, key = _highlight_key(report, "Release 3.0 testing")
    first = report.latest_version()
    report_edit(actor=sec, report=report, edits={key: "Changed."}, note="Try")
    restored = report_restore(actor=sec, report=report, number=first.number, note="Back")
    assert restored.number == 3
    assert restored.public_content == first.public_content
    with pytest.raises(ValidationError):
        report_restore(actor=sec, report=report, number=99)
