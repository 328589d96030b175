"""Writes: the assessment lifecycle, outcomes as meeting decisions, findings, letters."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secpanel.assurance import services
from secpanel.assurance.models import AssessmentOutcome, Finding, SecUser
from secpanel.core.citations import cited_by
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Decision, Meeting

from .factories import reported, sec_user

pytestmark = pytest.mark.django_db
RED = Classification.RED


def _meeting(world, day=datetime.date(2019, 4, 24)):
    return Meeting.objects.create(
        body=world.owner,
        starts_at=timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10)),
        status="held",
    )


def test_the_lifecycle_moves_step_by_step_and_records_each_date(world):
    actor = world.users["owner_secretariat"]
    a = services.assessment_create(
        actor=actor, sec_user=sec_user(world), assessment_type="verification", cycle_year=2
    )
    assert a.status == "booked" and a.classification == RED
    a = services.assessment_transition(
        actor=actor, obj=a, name="start_fieldwork", on=datetime.date(2019, 2, 4)
    )
    assert (a.status, a.fieldwork_start) == ("fieldwork", datetime.date(2019, 2, 4))
    with pytest.raises(ValidationError) as exc:
        services.assessment_transition(actor=actor, obj=a, name="issue_report")
    assert "fieldwork end" in str(exc.value)
    services.assessment_update(actor=actor, assessment=a, fieldwork_end=datetime.date(2019, 2, 8))
    a = services.assessment_transition(
        actor=actor, obj=a, name="issue_report", on=datetime.date(2019, 3, 1)
    )
    a = services.assessment_transition(
        actor=actor, obj=a, name="receive_response", on=datetime.date(2019, 3, 20)
    )
    a.refresh_from_db()
    assert (a.status, a.report_on, a.response_received_on) == (
        "response_received",
        datetime.date(2019, 3, 1),
        datetime.date(2019, 3, 20),
    )
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"assurance.assessment_start_fieldwork", "assurance.assessment_issue_report"} <= kinds


def test_a_move_not_allowed_from_the_current_state_is_refused_clearly(world):
    actor = world.users["owner_secretariat"]
    a = services.assessment_create(
        actor=actor, sec_user=sec_user(world), assessment_type="verification", cycle_year=2
    )
    with pytest.raises(ValidationError) as exc:
        services.assessment_transition(actor=actor, obj=a, name="receive_response")
    assert "not possible while the record is booked" in str(exc.value)
    with pytest.raises(ValidationError):
        services.assessment_update(actor=actor, assessment=a, status="reviewed")
    a.refresh_from_db()
    assert a.status == "booked"


def test_only_the_owning_bodys_secretariat_moves_an_assessment(world):
    a = reported(world, sec_user(world))
    with pytest.raises(PermissionDenied):
        services.assessment_transition(actor=world.users["owner_member"], obj=a, name="cancel")


def test_a_compliance_status_is_a_decision_of_the_meeting_with_the_duty_to_notify(world):
    meeting = _meeting(world)
    panel = world.users["panel_member"]
    user = sec_user(world, distribution=[panel])
    a = reported(world, user)
    outcome = services.outcome_set(
        actor=world.users["owner_secretariat"],
        assessment=a,
        meeting=meeting,
        compliance_status="non-compliant",
    )
    decision = outcome.decision
    assert decision.meeting == meeting and decision.verb == "set"
    assert decision.owning_body == world.owner and decision.classification == RED
    assert decision.date == outcome.decided_on == datetime.date(2019, 4, 24)
    assert list(decision.red_distribution.all()) == [panel]
    assert user.organisation.name in decision.text and "Non-compliant" in decision.text
    assert outcome.notify_panel is True
    a.refresh_from_db()
    assert a.status == "reviewed" and a.ssc_review_on == datetime.date(2019, 4, 24)
    assert cited_by(world.users["owner_member"], a) == [decision]
    assert AuditEvent.objects.filter(kind="assurance.panel_notification_required").count() == 1


def test_an_outcome_dated_after_its_meeting_is_refused_and_the_assessment_stays_reported(world):
    meeting = _meeting(world)
    a = reported(world, sec_user(world))
    with pytest.raises(ValidationError) as exc:
        services.outcome_set(
            actor=world.users["owner_secretariat"],
            assessment=a,
            meeting=meeting,
            decided_on=datetime.date(2019, 5, 2),
            compliance_status="compliant",
        )
    assert exc.value.message_dict["decided_on"] == [
        "The meeting was held on 24 April 2019: give a date within it, or no meeting."
    ]
    a.refresh_from_db()
    assert a.status != "reviewed"
    assert not AssessmentOutcome.objects.unrestricted().filter(assessment=a).exists()


def test_a_compliant_outcome_does_not_notify_the_panel(world):
    outcome = services.outcome_set(
        actor=world.users["owner_secretariat"],
        assessment=reported(world, sec_user(world)),
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    assert outcome.notify_panel is False


def test_an_assurance_status_follows_only_an_initial_or_follow_up_full_assessment(world):
    actor = world.users["owner_secretariat"]
    user = sec_user(world)
    vusa = reported(world, user)
    with pytest.raises(ValidationError):
        services.outcome_set(
            actor=actor,
            assessment=vusa,
            decided_on=datetime.date(2019, 4, 10),
            assurance_status="approved",
        )
    fusa = reported(world, user, assessment_type="full", kind="initial", cycle_year=1)
    with pytest.raises(ValidationError) as exc:
        services.outcome_set(
            actor=actor,
            assessment=fusa,
            decided_on=datetime.date(2019, 4, 10),
            assurance_status="approved_subject_to",
        )
    assert "conditions" in exc.value.message_dict
    outcome = services.outcome_set(
        actor=actor,
        assessment=fusa,
        decided_on=datetime.date(2019, 4, 10),
        assurance_status="approved_subject_to",
        conditions="the Party closing G5.14",
    )
    assert outcome.outcome_text == "Approved, subject to the Party closing G5.14"
    assert (
        AssessmentOutcome.objects.unrestricted().count() == 1
        and Decision.objects.unrestricted().count() == 1
    )


def test_an_outcome_cannot_be_set_twice_or_before_the_report(world):
    actor = world.users["owner_secretariat"]
    a = reported(world, sec_user(world))
    services.outcome_set(
        actor=actor,
        assessment=a,
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    with pytest.raises(ValidationError):
        services.outcome_set(
            actor=actor,
            assessment=a,
            decided_on=datetime.date(2019, 4, 11),
            compliance_status="compliant",
        )
    booked = services.assessment_create(
        actor=actor, sec_user=sec_user(world), assessment_type="verification", cycle_year=2
    )
    with pytest.raises(ValidationError):
        services.outcome_set(
            actor=actor,
            assessment=booked,
            decided_on=datetime.date(2019, 4, 10),
            compliance_status="compliant",
        )
    assert (
        AssessmentOutcome.objects.unrestricted().count() == 1
        and Decision.objects.unrestricted().count() == 1
    )


def test_findings_are_red_against_g3_to_g6_and_inherit_the_distribution(world):
    actor = world.users["owner_secretariat"]
    panel = world.users["panel_member"]
    a = reported(world, sec_user(world, distribution=[panel]))
    finding = services.finding_create(
        actor=actor,
        assessment=a,
        obligation="G5.14",
        description="Access reviews",
        classification=Classification.AMBER,
    )
    assert finding.classification == RED  # never below the assessment that names the Party
    assert list(finding.red_distribution.all()) == [panel]
    for wrong in ("G7.1", "H1.10", "G2.11", "5.14"):
        with pytest.raises(ValidationError) as exc:
            services.finding_create(actor=actor, assessment=a, obligation=wrong, description="x")
        assert "obligation" in exc.value.message_dict
    closed = services.finding_close(
        actor=actor, finding=finding, closed_on=datetime.date(2019, 8, 1)
    )
    assert not closed.is_open
    assert Finding.objects.unrestricted().count() == 1


def test_a_record_naming_a_party_cannot_sit_below_the_users_level(world):
    actor = world.users["owner_secretariat"]
    user = sec_user(world, level=RED)
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(
            actor=actor,
            sec_user=user,
            assessment_type="verification",
            cycle_year=2,
            classification=Classification.AMBER,
        )
    assert "classification" in exc.value.message_dict


def test_a_user_needs_known_roles(world):
    with pytest.raises(ValidationError):
        sec_user(world, roles=())
    with pytest.raises(ValidationError):
        sec_user(world, roles=("supplier",))
    assert SecUser.objects.unrestricted().count() == 0


def test_a_directors_letter_review_is_a_decision_and_happens_once(world):
    actor = world.users["owner_secretariat"]
    meeting = _meeting(world)
    user = sec_user(world)
    letter = services.letter_create(
        actor=actor, sec_user=user, received_on=datetime.date(2019, 4, 1)
    )
    letter = services.letter_review(actor=actor, letter=letter, approved=True, meeting=meeting)
    letter.refresh_from_db()
    assert letter.status == "approved" and letter.reviewed_on == meeting.date
    assert letter.decision.verb == "approved" and letter.decision.meeting == meeting
    with pytest.raises(ValidationError):
        services.letter_review(actor=actor, letter=letter, approved=False, meeting=meeting)
    other = services.letter_create(
        actor=actor, sec_user=user, received_on=datetime.date(2019, 4, 2)
    )
    other = services.letter_review(
        actor=actor, letter=other, approved=False, reviewed_on=datetime.date(2019, 4, 30)
    )
    assert other.status == "not_approved" and other.decision.verb == "rejected"


def test_a_letter_about_another_users_assessment_is_refused(world):
    actor = world.users["owner_secretariat"]
    a = reported(world, sec_user(world))
    with pytest.raises(ValidationError) as exc:
        services.letter_create(
            actor=actor,
            sec_user=sec_user(world),
            assessment=a,
            received_on=datetime.date(2019, 4, 1),
        )
    assert "assessment" in exc.value.message_dict


def test_raising_a_users_level_raises_every_record_that_names_it(world):
    actor = world.users["owner_secretariat"]
    AMBER = Classification.AMBER
    user = sec_user(world, level=AMBER)
    a = reported(world, user, level=AMBER)
    finding = services.finding_create(
        actor=actor, assessment=a, obligation="G5.14", description="x", classification=AMBER
    )
    outcome = services.outcome_set(
        actor=actor,
        assessment=a,
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    letter = services.letter_create(
        actor=actor, sec_user=user, received_on=datetime.date(2019, 4, 1), classification=AMBER
    )
    assert outcome.classification == AMBER
    services.sec_user_update(actor=actor, sec_user=user, classification=RED, reason="Named")
    for record in (a, finding, outcome, outcome.decision, letter):
        record.refresh_from_db()
        assert record.classification == RED, record
    # the Panel (AMBER of every body) no longer reads any of them
    panel = world.users["panel_member"]
    assert not Decision.objects.visible_to(panel).exists()


def test_the_calendar_shows_fieldwork_and_response_dates_only_to_readers(world):
    from secpanel.assurance.calendar import events

    actor = world.users["owner_secretariat"]
    user = sec_user(world, name="Shearwater Ltd")
    services.assessment_create(
        actor=actor,
        sec_user=user,
        assessment_type="verification",
        cycle_year=2,
        fieldwork_start=datetime.date(2019, 6, 10),
        response_due=datetime.date(2019, 8, 1),
    )
    start, end = datetime.date(2019, 5, 1), datetime.date(2019, 8, 31)
    titles = [e.title for e in events(world.users["owner_member"], start, end)]
    assert titles == [
        "Fieldwork starts: Shearwater Ltd, VUSA, year 2",
        "User response due: Shearwater Ltd, VUSA, year 2",
    ]
    assert list(events(world.users["panel_member"], start, end)) == []
    assert list(events(world.users["owner_member"], start, datetime.date(2019, 6, 9))) == []


def test_a_full_assessment_in_a_later_cycle_gets_a_compliance_status(world):
    actor = world.users["owner_secretariat"]
    a = reported(world, sec_user(world), assessment_type="full", kind="annual", cycle_year=1)
    with pytest.raises(ValidationError) as exc:
        services.outcome_set(
            actor=actor,
            assessment=a,
            decided_on=datetime.date(2019, 4, 10),
            assurance_status="approved",
        )
    assert "assurance_status" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.outcome_set(
            actor=actor,
            assessment=a,
            decided_on=datetime.date(2019, 4, 10),
            compliance_status="mostly-fine",
        )
    assert "compliance_status" in exc.value.message_dict
    outcome = services.outcome_set(
        actor=actor,
        assessment=a,
        decided_on=datetime.date(2019, 4, 10),
        compliance_status="compliant",
    )
    assert outcome.kind == "compliance" and outcome.outcome_text == "Compliant"
