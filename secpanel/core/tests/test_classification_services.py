"""Behaviour of the generic classified-record services: history, audit, declassification."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.services import classification_change, classified_delete, classified_update
from secpanel.meetings.models import Highlight
from secpanel.meetings.services import highlight_create

pytestmark = pytest.mark.django_db
APRIL = datetime.date(2019, 4, 1)


def _make(world, level=Classification.AMBER):
    return highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        heading="H",
        text="T",
        period=APRIL,
        classification=level,
        reason="first entry",
    )


def test_creating_keeps_history_with_actor_and_reason_and_an_audit_event(world):
    h = _make(world)
    record = h.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.users["owner_secretariat"]
    assert record.history_change_reason == "first entry"
    event = AuditEvent.objects.get(kind="meetings.highlight_created")
    assert event.actor == world.users["owner_secretariat"]
    assert event.after["heading"] == "H"
    assert event.classification == Classification.AMBER


def test_only_the_owning_bodys_secretariat_may_create(world):
    for role in ("owner_member", "other_body_secretariat", "administrator", "panel_member"):
        with pytest.raises(PermissionDenied):
            highlight_create(
                actor=world.users[role],
                owning_body=world.owner,
                heading="H",
                text="T",
                period=APRIL,
            )
    assert Highlight.objects.unrestricted().count() == 0


def test_invalid_input_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as err:
        highlight_create(
            actor=world.users["owner_secretariat"],
            owning_body=world.owner,
            heading="",
            text="T",
            period=APRIL,
        )
    assert "heading" in err.value.message_dict
    assert Highlight.objects.unrestricted().count() == 0
    assert AuditEvent.objects.count() == 0


def test_raising_a_level_needs_no_reason_and_is_recorded(world):
    h = _make(world, Classification.GREEN)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=h,
        changes={"classification": Classification.RED},
    )
    h.refresh_from_db()
    assert h.classification == Classification.RED
    assert AuditEvent.objects.filter(kind="classification.raised").count() == 1


def test_lowering_a_level_without_a_reason_is_refused(world):
    h = _make(world, Classification.RED)
    with pytest.raises(ValidationError) as err:
        classification_change(
            actor=world.users["owner_secretariat"],
            instance=h,
            level=Classification.WHITE,
            reason=" ",
        )
    assert "reason" in str(err.value)
    h.refresh_from_db()
    assert h.classification == Classification.RED


def test_lowering_a_level_is_for_the_chair_or_secretariat_of_the_owning_body(world):
    h = _make(world, Classification.RED)
    for role in ("owner_member", "panel_member", "administrator", "other_body_secretariat"):
        with pytest.raises(PermissionDenied):
            classification_change(
                actor=world.users[role], instance=h, level=Classification.WHITE, reason="published"
            )
    classification_change(
        actor=world.users["owner_chair"],
        instance=h,
        level=Classification.AMBER,
        reason="agreed at meeting 5",
    )
    h.refresh_from_db()
    assert h.classification == Classification.AMBER
    event = AuditEvent.objects.get(kind="classification.declassified")
    assert event.actor == world.users["owner_chair"]
    assert event.reason == "agreed at meeting 5"
    assert (event.before, event.after) == ({"classification": 4}, {"classification": 3})
    assert h.history.first().history_change_reason == "agreed at meeting 5"


def test_an_update_keeps_before_and_after(world):
    h = _make(world)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=h,
        changes={"heading": "New"},
        reason="typo",
    )
    event = AuditEvent.objects.get(kind="meetings.highlight_updated")
    assert (event.before["heading"], event.after["heading"]) == ("H", "New")
    assert [r.heading for r in h.history.all()] == ["New", "H"]


def test_moving_a_record_to_a_body_the_actor_does_not_serve_is_refused(world):
    h = _make(world)
    with pytest.raises(PermissionDenied):
        classified_update(
            actor=world.users["owner_secretariat"],
            instance=h,
            changes={"owning_body": world.other},
            reason="move",
        )
    h.refresh_from_db()
    assert h.owning_body == world.owner


def test_deleting_needs_a_reason_and_keeps_the_last_state(world):
    h = _make(world)
    with pytest.raises(ValidationError):
        classified_delete(actor=world.users["owner_secretariat"], instance=h, reason="")
    pk = h.pk
    classified_delete(actor=world.users["owner_secretariat"], instance=h, reason="duplicate")
    assert not Highlight.objects.unrestricted().filter(pk=pk).exists()
    last = Highlight.history.filter(id=pk).first()
    assert last.history_type == "-" and last.history_change_reason == "duplicate"


def test_every_read_of_a_red_record_is_logged_and_other_reads_are_not(world):
    red = _make(world, Classification.RED)
    amber = _make(world, Classification.AMBER)
    reader = world.users["owner_member"]
    get_visible_or_404(Highlight, reader, pk=red.pk)
    get_visible_or_404(Highlight, reader, pk=amber.pk)
    reads = AuditEvent.objects.filter(kind="classification.red_read")
    assert [(e.actor, e.subject_id) for e in reads] == [(reader, str(red.pk))]


def test_hidden_and_missing_records_raise_the_same_404(world):
    red = _make(world, Classification.RED)
    with pytest.raises(Http404) as hidden:
        get_visible_or_404(Highlight, world.users["party"], pk=red.pk)
    with pytest.raises(Http404) as missing:
        get_visible_or_404(Highlight, world.users["party"], pk=red.pk + 1000)
    assert str(hidden.value) == str(missing.value)
    assert not AuditEvent.objects.filter(kind="classification.red_read").exists()


def test_a_snapshot_records_a_file_by_its_name():
    from django.core.files.base import ContentFile

    from secpanel.core.services import snapshot
    from secpanel.meetings.models import PaperVersion

    version = PaperVersion(number=1, note="n")
    version.file.save("paper.pdf", ContentFile(b"%PDF"), save=False)
    assert snapshot(version)["file"].endswith(".pdf")


def test_a_long_reason_is_accepted_and_kept_whole_in_the_audit_event(world):
    h = _make(world)
    reason = "Agreed by the SSC after a long discussion of the SCF frequency table. " * 5
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=h,
        changes={"heading": "New"},
        reason=reason,
    )
    assert AuditEvent.objects.get(kind="meetings.highlight_updated").reason == reason
    assert reason.startswith(h.history.first().history_change_reason)
