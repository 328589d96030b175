"""The stage machine: allowed moves are recorded (history, audit, event); refused ones say why
and change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Decision, Meeting
from secpanel.modifications.models import EventKind, ModificationPath, ModificationStage
from secpanel.modifications.services import (
    modification_reschedule,
    modification_set_on_hold,
    modification_transition,
    modification_update,
)
from secpanel.modifications.workflow import available_transitions

pytestmark = pytest.mark.django_db
S = ModificationStage


def test_an_allowed_transition_changes_the_stage_and_is_recorded_three_ways(
    world, secretariat, make_mod
):
    mod = make_mod(stage=S.REFINEMENT)
    meeting = Meeting.objects.create(
        body=world.other,
        number=55,
        starts_at=datetime.datetime(2019, 4, 11, 10, tzinfo=datetime.UTC),
    )
    modification_transition(
        actor=secretariat,
        obj=mod,
        name="to_report_phase",
        reason="Refinement Consultation closed",
        date=datetime.date(2019, 6, 1),
        meeting=meeting,
    )
    mod.refresh_from_db()
    assert mod.stage == S.REPORT_PHASE
    assert mod.history.first().history_change_reason == "Refinement Consultation closed"
    assert AuditEvent.objects.filter(kind="modifications.modification_to_report_phase").exists()
    event = mod.events.get(kind=EventKind.STAGE)
    assert (event.from_value, event.to_value) == ("Refinement Process", "Report Phase")
    assert event.date == datetime.date(2019, 6, 1) and event.meeting == meeting
    assert event.reason == "Refinement Consultation closed"


def test_a_transition_from_the_wrong_stage_is_refused_with_a_clear_message(secretariat, make_mod):
    mod = make_mod(stage=S.DRAFT_PROPOSAL)
    with pytest.raises(ValidationError) as exc:
        modification_transition(actor=secretariat, obj=mod, name="implement", reason="x")
    message = exc.value.message_dict["stage"][0]
    assert "SECMP0024 is at Draft Proposal" in message
    assert "only possible from Pending Implementation" in message
    mod.refresh_from_db()
    assert mod.stage == S.DRAFT_PROPOSAL
    assert not mod.events.filter(kind=EventKind.STAGE).exists()


def test_self_governance_approval_is_refused_for_an_authority_path(secretariat, make_mod):
    mod = make_mod(stage=S.CHANGE_BOARD, path=ModificationPath.PATH_2)
    with pytest.raises(ValidationError) as exc:
        modification_transition(actor=secretariat, obj=mod, name="approve", reason="vote")
    assert "applies only to Path 3: Self-governance" in exc.value.message_dict["stage"][0]
    modification_transition(actor=secretariat, obj=mod, name="refer_to_authority", reason="vote")
    modification_transition(actor=secretariat, obj=mod, name="authority_approve", reason="Ofgem")
    mod.refresh_from_db()
    assert mod.stage == S.PENDING_IMPLEMENTATION


def test_fast_track_skips_refinement_only_for_fast_track(secretariat, make_mod):
    fast = make_mod(reference="MP090", path=ModificationPath.FAST_TRACK)
    assert "refine" not in dict(available_transitions(secretariat, fast))
    modification_transition(actor=secretariat, obj=fast, name="fast_track_approve", reason="Panel")
    assert fast.stage == S.PENDING_IMPLEMENTATION
    normal = make_mod(reference="MP091")
    with pytest.raises(ValidationError):
        modification_transition(
            actor=secretariat, obj=normal, name="fast_track_approve", reason="Panel"
        )


def test_unknown_transition_and_missing_reason_are_refused(secretariat, make_mod):
    mod = make_mod()
    with pytest.raises(ValidationError) as exc:
        modification_transition(actor=secretariat, obj=mod, name="teleport", reason="x")
    assert "no stage change called" in exc.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as exc:
        modification_transition(actor=secretariat, obj=mod, name="start_development", reason=" ")
    assert "reason" in exc.value.message_dict


def test_only_the_owning_bodys_secretariat_may_move_a_modification(world, make_mod):
    mod = make_mod()
    for role in ("owner_member", "other_body_secretariat", "panel_member"):
        with pytest.raises(PermissionDenied):
            modification_transition(
                actor=world.users[role], obj=mod, name="start_development", reason="x"
            )
        assert available_transitions(world.users[role], mod) == []
    mod.refresh_from_db()
    assert mod.stage == S.DRAFT_PROPOSAL


def test_on_hold_keeps_the_stage_and_blocks_moves_except_withdrawal(secretariat, make_mod):
    mod = make_mod(stage=S.REFINEMENT)
    modification_set_on_hold(
        actor=secretariat, modification=mod, on_hold=True, reason="Pending the Proposer"
    )
    assert mod.on_hold and mod.stage == S.REFINEMENT
    with pytest.raises(ValidationError) as exc:
        modification_transition(actor=secretariat, obj=mod, name="to_report_phase", reason="x")
    assert "on hold" in exc.value.message_dict["stage"][0]
    assert [n for n, _t in available_transitions(secretariat, mod)] == ["withdraw"]
    modification_transition(actor=secretariat, obj=mod, name="withdraw", reason="Proposer")
    assert mod.stage == S.WITHDRAWN
    assert list(mod.events.values_list("kind", flat=True)) == [
        EventKind.RAISED,
        EventKind.ON_HOLD,
        EventKind.STAGE,
    ]


def test_withdrawal_is_refused_after_a_decision(secretariat, make_mod):
    mod = make_mod(stage=S.PENDING_IMPLEMENTATION)
    with pytest.raises(ValidationError):
        modification_transition(actor=secretariat, obj=mod, name="withdraw", reason="x")


def test_the_stage_cannot_be_edited_directly(secretariat, make_mod):
    mod = make_mod()
    with pytest.raises(ValidationError) as exc:
        modification_update(actor=secretariat, modification=mod, stage=S.IMPLEMENTED)
    assert "stage" in exc.value.message_dict
    mod.refresh_from_db()
    assert mod.stage == S.DRAFT_PROPOSAL


def test_moving_the_implementation_date_keeps_the_old_and_new_date_and_the_decision(
    world, secretariat, make_mod
):
    mod = make_mod(
        reference="SECMP0055",
        title="Incorporation of multiple Issue Resolution Proposals into the SEC",
        stage=S.REPORT_PHASE,
        implementation_date=datetime.date(2019, 6, 27),
    )
    decision = Decision.objects.create(
        owning_body=world.owner,
        classification=1,
        date=datetime.date(2019, 4, 9),
        verb="agreed",
        text="Agreed that the implementation date should be moved to 7 November 2019.",
    )
    modification_reschedule(
        actor=secretariat,
        modification=mod,
        implementation_date=datetime.date(2019, 11, 7),
        reason="Agreed by TABASC in April 2019",
        date=datetime.date(2019, 4, 9),
        decision=decision,
    )
    mod.refresh_from_db()
    assert mod.implementation_date == datetime.date(2019, 11, 7)
    event = mod.events.get(kind=EventKind.IMPLEMENTATION_DATE, decision=decision)
    assert (event.from_value, event.to_value) == ("27 June 2019", "7 November 2019")
    assert mod.history.first().history_change_reason == "Agreed by TABASC in April 2019"
    assert [h.implementation_date for h in mod.history.all()[:2]] == [
        datetime.date(2019, 11, 7),
        datetime.date(2019, 6, 27),
    ]
    with pytest.raises(ValidationError):  # nothing changes
        modification_reschedule(
            actor=secretariat,
            modification=mod,
            implementation_date=datetime.date(2019, 11, 7),
            reason="again",
        )


def test_a_hidden_decision_cannot_be_attached(world, make_mod):
    mod = make_mod()
    hidden = Decision.objects.create(
        owning_body=world.other,
        classification=4,
        date=datetime.date(2019, 4, 9),
        verb="agreed",
        text="secret",
    )
    with pytest.raises(ValidationError) as exc:
        modification_transition(
            actor=world.users["owner_secretariat"],
            obj=mod,
            name="start_development",
            reason="x",
            decision=hidden,
        )
    assert "decision" in exc.value.message_dict


def test_an_implementation_date_before_the_decision_that_set_it_is_refused_and_nothing_changes(
    world, secretariat, make_mod
):
    mod = make_mod(stage=S.REPORT_PHASE, implementation_date=datetime.date(2019, 6, 27))
    decision = Decision.objects.create(
        owning_body=world.owner,
        classification=1,
        date=datetime.date(2019, 4, 9),
        verb="agreed",
        text="Agreed a new implementation date.",
    )
    events = mod.events.count()
    with pytest.raises(ValidationError) as exc:
        modification_reschedule(
            actor=secretariat,
            modification=mod,
            implementation_date=datetime.date(2019, 4, 8),
            reason="typed the wrong year",
            decision=decision,
        )
    assert exc.value.message_dict["implementation_date"] == [
        "The implementation date comes after the decision that set it (9 April 2019)."
    ]
    with pytest.raises(ValidationError) as exc:
        modification_reschedule(
            actor=secretariat,
            modification=mod,
            implementation_date=datetime.date(2019, 4, 8),
            reason="typed the wrong year",
            date=datetime.date(2019, 5, 1),
        )
    assert "after the day it was agreed (1 May 2019)" in str(exc.value)
    mod.refresh_from_db()
    assert mod.implementation_date == datetime.date(2019, 6, 27)
    assert mod.events.count() == events
    # the same day as the decision is fine
    modification_reschedule(
        actor=secretariat,
        modification=mod,
        implementation_date=datetime.date(2019, 4, 9),
        reason="Agreed",
        decision=decision,
    )
    mod.refresh_from_db()
    assert mod.implementation_date == datetime.date(2019, 4, 9)
