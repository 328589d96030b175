"""Writes of Users, assessments (lifecycle) and the SSC's outcomes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor
from secpanel.assurance.models import (
    AssessmentOutcome,
    AssuranceStatus,
    ComplianceStatusOption,
    OutcomeKind,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.assurance.services.common import RAISED_WITH_PARTY, RED, _inherit, _move, _raise_to
from secpanel.assurance.workflow import TRANSITIONS
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import (
    classified_create,
    classified_update,
    record_event,
)
from secpanel.meetings.models import DecisionVerb
from secpanel.meetings.services import decision_raise, decision_record

# --- Users -------------------------------------------------------------------------------


def sec_user_create(
    *,
    actor: Actor,
    owning_body: Any,
    organisation: Any,
    roles: Iterable[str],
    domestic_premises: int = 0,
    non_domestic_premises: int = 0,
    uses_shared_resource_provider: bool = False,
    shared_resource_provider: str = "",
    live_since: datetime.date | None = None,
    notes: str = "",
    classification: Classification = RED,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> SecUser:
    """Register a SEC Party acting as a User in the given User Roles."""
    sec_user = SecUser(
        owning_body=owning_body,
        organisation=organisation,
        roles=list(roles),
        domestic_premises=domestic_premises,
        non_domestic_premises=non_domestic_premises,
        uses_shared_resource_provider=uses_shared_resource_provider,
        shared_resource_provider=shared_resource_provider,
        live_since=live_since,
        notes=notes,
        classification=classification,
    )
    return classified_create(
        actor=actor, instance=sec_user, reason=reason, distribution=distribution
    )


def _raise_family(
    actor: Actor, assessment: UserSecurityAssessment, level: int, reason: str
) -> None:
    """Raise what names the assessment's Party to `level`: its findings, letters and outcome,
    then the outcome's decision (a meetings record, through meetings' services)."""
    family: list[ClassifiedModel] = [
        *assessment.findings.unrestricted(),
        *assessment.letters.unrestricted(),
    ]
    outcome = AssessmentOutcome.objects.unrestricted().filter(assessment=assessment).first()
    if outcome is not None:
        family.append(outcome)
    _raise_to(actor, family, level, reason)
    if outcome is not None:
        decision_raise(
            actor=actor,
            decision_id=outcome.decision_id,
            level=Classification(level),
            reason=reason or RAISED_WITH_PARTY,
        )


@transaction.atomic
def sec_user_update(
    *,
    actor: Actor,
    sec_user: SecUser,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> SecUser:
    """Edit a User. Raising its level raises every record naming it that sits below (its
    assessments, their findings, outcomes and decisions, its letters), so the Party's name is
    never shown below its level."""
    sec_user = classified_update(
        actor=actor, instance=sec_user, changes=changes, reason=reason, distribution=distribution
    )
    level = sec_user.classification
    for assessment in sec_user.assessments.unrestricted():
        _raise_to(actor, [assessment], level, reason)
        _raise_family(actor, assessment, level, reason)
    _raise_to(actor, sec_user.letters.unrestricted(), level, reason)
    return sec_user


# --- Assessments -------------------------------------------------------------------------


def assessment_create(
    *,
    actor: Actor,
    sec_user: SecUser,
    assessment_type: str,
    kind: str = "annual",
    cycle_year: int | None = None,
    phase: int | None = None,
    user_cio: str | None = None,
    booked_on: datetime.date | None = None,
    fieldwork_start: datetime.date | None = None,
    fieldwork_end: datetime.date | None = None,
    report_on: datetime.date | None = None,
    response_due: datetime.date | None = None,
    response_received_on: datetime.date | None = None,
    notes: str = "",
    classification: Classification | None = None,
    owning_body: Any = None,
    distribution: Iterable[Any] | None = None,
    reason: str = "",
) -> UserSecurityAssessment:
    """Book an assessment (status Booked; move it on with `assessment_transition`)."""
    assessment = UserSecurityAssessment(
        sec_user=sec_user,
        owning_body=owning_body or sec_user.owning_body,
        classification=classification or max(RED, sec_user.classification),
        assessment_type=assessment_type,
        kind=kind,
        cycle_year=cycle_year,
        phase=phase,
        booked_on=booked_on,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        report_on=report_on,
        response_due=response_due,
        response_received_on=response_received_on,
        notes=notes,
    )
    if user_cio is not None:
        assessment.user_cio = user_cio
    return classified_create(
        actor=actor,
        instance=assessment,
        reason=reason,
        distribution=_inherit(sec_user, distribution),
    )


@transaction.atomic
def assessment_update(
    *,
    actor: Actor,
    assessment: UserSecurityAssessment,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> UserSecurityAssessment:
    """Edit an assessment's facts and dates (never its status: use `assessment_transition`)."""
    if "status" in changes:
        raise ValidationError({"status": "The status changes only through its transitions."})
    assessment = classified_update(
        actor=actor,
        instance=assessment,
        changes=changes,
        reason=reason,
        distribution=distribution,
    )
    _raise_family(actor, assessment, assessment.classification, reason)
    return assessment


@transaction.atomic
def assessment_transition(
    *,
    actor: Actor,
    obj: UserSecurityAssessment,
    name: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> UserSecurityAssessment:
    """Move an assessment through its lifecycle (workflow.TRANSITIONS), recording the date of
    the move in the field it names (fieldwork start, report issued, response received…)."""
    if name == "issue_report" and not obj.fieldwork_end:
        raise ValidationError({"status": "Record the fieldwork end date before the report."})
    return _move(
        actor=actor,
        obj=obj,
        machine=TRANSITIONS,
        name=name,
        reason=reason,
        on=on,
    )


# --- Outcomes ----------------------------------------------------------------------------


def _party_line(assessment: UserSecurityAssessment) -> str:
    return f"{assessment.sec_user.party_name} ({assessment.label})"


@transaction.atomic
def outcome_set(
    *,
    actor: Actor,
    assessment: UserSecurityAssessment,
    meeting: Any = None,
    decided_on: datetime.date | None = None,
    assurance_status: str = "",
    conditions: str = "",
    compliance_status: ComplianceStatusOption | str | None = None,
    notes: str = "",
    reason: str = "",
) -> AssessmentOutcome:
    """Record the outcome the SSC set for a reported assessment, as a meetings.Decision.

    Full initial or follow-up assessments get an Assurance Status; every other assessment
    (Verification, Self-Assessment, a Full assessment in a later cycle, ad hoc) gets a
    Compliance Status. An outcome whose Compliance Status notifies the
    Panel records that duty (`notify_panel`) and an `assurance.panel_notification_required`
    event. The outcome, its decision and the assessment share level and distribution.
    """
    if meeting is None and decided_on is None:
        raise ValidationError({"decided_on": "Give the meeting or the date of the decision."})
    day = decided_on or meeting.date
    if meeting is not None and meeting.out_of_its_days(day):
        raise ValidationError({"decided_on": meeting.out_of_its_days(day)})
    current = UserSecurityAssessment.objects.unrestricted().get(pk=assessment.pk)
    if current.status not in TRANSITIONS["review"].source:
        raise ValidationError(
            {"status": "The SSC sets an outcome once, after the report has been issued."}
        )
    is_full = assessment.sets_assurance_status
    if isinstance(compliance_status, str) and compliance_status:
        option = ComplianceStatusOption.objects.filter(code=compliance_status).first()
        if option is None:
            raise ValidationError({"compliance_status": "No such Compliance Status."})
        compliance_status = option
    if is_full:
        if assurance_status not in AssuranceStatus.values:
            raise ValidationError({"assurance_status": "Choose the Assurance Status."})
        if assurance_status == AssuranceStatus.APPROVED_SUBJECT_TO and not conditions.strip():
            raise ValidationError({"conditions": "Say what the approval is subject to."})
        kind = OutcomeKind.ASSURANCE
        outcome_label = AssuranceStatus(assurance_status).label
        if conditions:
            outcome_label = f"{outcome_label} {conditions}"
        compliance_status = None
    else:
        if assurance_status:
            raise ValidationError(
                {
                    "assurance_status": "An Assurance Status follows only an initial or "
                    "follow-up Full assessment; this one gets a Compliance Status."
                }
            )
        if not isinstance(compliance_status, ComplianceStatusOption):
            raise ValidationError({"compliance_status": "Choose the Compliance Status."})
        kind = OutcomeKind.COMPLIANCE
        outcome_label = compliance_status.label
        conditions = ""
    distribution = list(assessment.red_distribution.all())
    what = "Assurance Status" if is_full else "Compliance Status"
    decision = decision_record(
        actor=actor,
        owning_body=assessment.owning_body,
        classification=assessment.classification,
        meeting=meeting,
        date=day,
        verb=DecisionVerb.SET,
        text=f"Set the {what} of {_party_line(assessment)}: {outcome_label}.",
        reason=reason or f"{what} set",
        distribution=distribution,
    )
    outcome = classified_create(
        actor=actor,
        instance=AssessmentOutcome(
            owning_body=assessment.owning_body,
            classification=assessment.classification,
            assessment=assessment,
            decision=decision,
            decided_on=day,
            kind=kind,
            assurance_status=assurance_status,
            conditions=conditions,
            compliance_status=compliance_status,
            notify_panel=bool(compliance_status and compliance_status.notifies_panel),
            notes=notes,
        ),
        reason=reason or f"{what} set",
        distribution=distribution,
    )
    cite(actor=actor, source=decision, target=assessment, note=what)
    assessment_transition(actor=actor, obj=assessment, name="review", reason=reason, on=day)
    if outcome.notify_panel:
        record_event(
            kind="assurance.panel_notification_required",
            actor=actor,
            subject=outcome,
            reason=f"{outcome_label}: the SSC must notify the Panel.",
        )
    return outcome
