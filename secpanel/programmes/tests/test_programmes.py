"""Test phases, exit criteria and the decisions on them, DMC approvals, milestones."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from secpanel.core.citations import cited_by
from secpanel.core.classification import Classification
from secpanel.core.services import classified_create
from secpanel.meetings.models import Decision
from secpanel.programmes import calendar, selectors, services
from secpanel.programmes.models import CriterionStatus, DmcStatus, PhaseStatus

pytestmark = pytest.mark.django_db
W, A = Classification.WHITE, Classification.AMBER
TODAY = datetime.date.today()


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


def decision(world, sec, text="SIT exit criteria met"):
    return classified_create(
        actor=sec,
        instance=Decision(
            owning_body=world.owner,
            classification=W,
            date=datetime.date(2019, 3, 20),
            verb="agreed",
            text=text,
        ),
    )


@pytest.fixture
def release(world, sec):
    return services.programme_create(actor=sec, owning_body=world.owner, name="Release 2.0")


@pytest.fixture
def sit(world, sec, release):
    phase = services.phase_create(actor=sec, programme=release, phase="sit", region="north")
    services.phase_transition(actor=sec, obj=phase, name="start")
    return phase


def test_a_phase_cannot_exit_while_an_exit_criterion_is_not_met(world, sec, sit):
    criterion = services.criterion_create(actor=sec, phase=sit, text="No open Severity 1 defects")
    with pytest.raises(ValidationError) as exc:
        services.phase_transition(actor=sec, obj=sit, name="exit", decision=decision(world, sec))
    assert exc.value.message_dict["status"] == ["1 exit criterion is not yet met."]

    d = decision(world, sec)
    services.criterion_transition(actor=sec, obj=criterion, name="meet", decision=d)
    criterion.refresh_from_db()
    assert criterion.status == CriterionStatus.MET
    assert criterion.decision == d and criterion.decided_on == d.date
    assert d in cited_by(world.users["party"], criterion)

    services.phase_transition(actor=sec, obj=sit, name="exit", decision=d)
    sit.refresh_from_db()
    assert sit.status == PhaseStatus.EXIT_CRITERIA_MET


def test_a_phase_goes_at_risk_and_back_but_not_from_planned(world, sec, release, sit):
    services.phase_transition(actor=sec, obj=sit, name="flag_at_risk", reason="sub-GHz devices")
    sit.refresh_from_db()
    assert sit.status == PhaseStatus.AT_RISK
    services.phase_transition(actor=sec, obj=sit, name="back_on_track")
    planned = services.phase_create(actor=sec, programme=release, phase="dit")
    with pytest.raises(ValidationError):
        services.phase_transition(actor=sec, obj=planned, name="flag_at_risk")


def test_an_amendment_to_exit_criteria_is_sought_then_decided(world, sec, sit):
    criterion = services.criterion_create(actor=sec, phase=sit, text="Ten sub-GHz devices tested")
    services.criterion_transition(actor=sec, obj=criterion, name="seek_amendment")
    criterion.refresh_from_db()
    assert criterion.status == CriterionStatus.AMENDMENT_SOUGHT
    with pytest.raises(ValidationError) as exc:
        services.criterion_transition(actor=sec, obj=criterion, name="refuse_amendment")
    assert "decision" in exc.value.message_dict
    d = decision(world, sec, "TAG considers the existing exit criteria appropriate")
    services.criterion_transition(actor=sec, obj=criterion, name="refuse_amendment", decision=d)
    criterion.refresh_from_db()
    assert criterion.status == CriterionStatus.OPEN and criterion.decision == d


def test_a_device_model_combination_is_approved_only_on_a_decision(world, sec, release):
    dmc = services.dmc_create(
        actor=sec, owning_body=world.owner, programme=release, name="Meter X with CH Y"
    )
    assert list(selectors.dmcs_awaiting(world.users["party"])) == [dmc]
    with pytest.raises(ValidationError):
        services.dmc_transition(actor=sec, obj=dmc, name="approve")
    services.dmc_transition(actor=sec, obj=dmc, name="approve", decision=decision(world, sec))
    dmc.refresh_from_db()
    assert dmc.status == DmcStatus.APPROVED and dmc.decided_on == datetime.date(2019, 3, 20)
    assert list(selectors.dmcs_awaiting(world.users["party"])) == []
    with pytest.raises(ValidationError):
        services.dmc_transition(actor=sec, obj=dmc, name="withdraw")


def test_release_dates_and_phase_ends_are_on_the_calendar_for_readers_only(world, sec, release):
    soon = TODAY + datetime.timedelta(days=7)
    services.programme_create(
        actor=sec, owning_body=world.owner, name="November 2019 SEC Release", target_date=soon
    )
    services.phase_create(
        actor=sec, programme=release, phase="dit", planned_end=soon, classification=A
    )
    party_events = list(calendar.events(world.users["party"], TODAY, soon))
    assert [(e.kind, e.title) for e in party_events] == [
        ("release", "November 2019 SEC Release go-live")
    ]
    member_kinds = {e.kind for e in calendar.events(world.users["owner_member"], TODAY, soon)}
    assert member_kinds == {"release", "milestone"}
    assert len(selectors.upcoming_milestones(world.users["owner_member"], TODAY)) == 2


def test_phases_in_period_are_the_running_ones(world, sec, release, sit):
    services.phase_create(
        actor=sec,
        programme=release,
        phase="uit",
        planned_start=datetime.date(2019, 9, 1),
        planned_end=datetime.date(2019, 10, 1),
    )
    from secpanel.programmes.models import TestPhase

    TestPhase.objects.unrestricted().update(
        updated_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
    )
    found = selectors.phases_in_period(
        world.users["party"], datetime.date(2019, 4, 1), datetime.date(2019, 4, 30)
    )
    assert list(found) == [sit]  # in progress, open-ended; the UIT phase is planned for later
