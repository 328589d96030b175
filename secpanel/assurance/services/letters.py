"""Writes of findings and Director's Letters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor
from secpanel.assurance.models import (
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.assurance.services.common import RED, _inherit, _move
from secpanel.assurance.workflow import LETTER_TRANSITIONS
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import (
    classified_create,
    classified_update,
)
from secpanel.meetings.models import DecisionVerb
from secpanel.meetings.services import decision_record

# --- Findings ----------------------------------------------------------------------------


def finding_create(
    *,
    actor: Actor,
    assessment: UserSecurityAssessment,
    obligation: str,
    description: str,
    potential: bool = False,
    remediation_due: datetime.date | None = None,
    classification: Classification = RED,
    distribution: Iterable[Any] | None = None,
    reason: str = "",
) -> Finding:
    """Record a (potential) non-compliance against a G3–G6 obligation. RED by default."""
    finding = Finding(
        owning_body=assessment.owning_body,
        classification=max(classification, assessment.classification),
        assessment=assessment,
        obligation=obligation.strip(),
        description=description,
        potential=potential,
        remediation_due=remediation_due,
    )
    return classified_create(
        actor=actor,
        instance=finding,
        reason=reason,
        distribution=_inherit(assessment, distribution),
    )


def finding_update(
    *,
    actor: Actor,
    finding: Finding,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> Finding:
    return classified_update(
        actor=actor, instance=finding, changes=changes, reason=reason, distribution=distribution
    )


def finding_close(
    *, actor: Actor, finding: Finding, closed_on: datetime.date, reason: str = ""
) -> Finding:
    """Mark a finding remediated and closed."""
    if finding.closed_on:
        raise ValidationError({"closed_on": "This finding is already closed."})
    return classified_update(
        actor=actor,
        instance=finding,
        changes={"closed_on": closed_on},
        reason=reason or "Closed",
    )


# --- Director's Letters ------------------------------------------------------------------


def letter_create(
    *,
    actor: Actor,
    sec_user: SecUser,
    received_on: datetime.date,
    assessment: UserSecurityAssessment | None = None,
    summary: str = "",
    classification: Classification | None = None,
    owning_body: Any = None,
    distribution: Iterable[Any] | None = None,
    reason: str = "",
) -> DirectorsLetter:
    """Record a Director's Letter received from a User, awaiting the SSC's review."""
    parent: ClassifiedModel = assessment or sec_user
    letter = DirectorsLetter(
        owning_body=owning_body or sec_user.owning_body,
        classification=classification or max(RED, parent.classification),
        sec_user=sec_user,
        assessment=assessment,
        received_on=received_on,
        summary=summary,
    )
    return classified_create(
        actor=actor, instance=letter, reason=reason, distribution=_inherit(parent, distribution)
    )


def letter_update(
    *,
    actor: Actor,
    letter: DirectorsLetter,
    reason: str = "",
    distribution: Iterable[Any] | None = None,
    **changes: Any,
) -> DirectorsLetter:
    if "status" in changes:
        raise ValidationError({"status": "The status changes only through the SSC's review."})
    return classified_update(
        actor=actor, instance=letter, changes=changes, reason=reason, distribution=distribution
    )


@transaction.atomic
def letter_transition(
    *,
    actor: Actor,
    obj: DirectorsLetter,
    name: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> DirectorsLetter:
    return _move(
        actor=actor,
        obj=obj,
        machine=LETTER_TRANSITIONS,
        name=name,
        reason=reason,
        on=on,
    )


@transaction.atomic
def letter_review(
    *,
    actor: Actor,
    letter: DirectorsLetter,
    approved: bool,
    meeting: Any = None,
    reviewed_on: datetime.date | None = None,
    text: str = "",
    reason: str = "",
) -> DirectorsLetter:
    """Record the SSC's review of a Director's Letter in a meeting (approved or not) as a
    meetings.Decision at the letter's level and distribution."""
    if meeting is None and reviewed_on is None:
        raise ValidationError({"reviewed_on": "Give the meeting or the date of the review."})
    day = reviewed_on or meeting.date
    verb = DecisionVerb.APPROVED if approved else DecisionVerb.REJECTED
    decision = decision_record(
        actor=actor,
        owning_body=letter.owning_body,
        classification=letter.classification,
        meeting=meeting,
        date=day,
        verb=verb,
        text=text
        or f"{'Approved' if approved else 'Did not approve'} the Director's Letter from "
        f"{letter.sec_user.party_name} received on {letter.received_on:%-d %B %Y}.",
        reason=reason or "Director's Letter reviewed",
        distribution=list(letter.red_distribution.all()),
    )
    letter.decision = decision
    letter = letter_transition(
        actor=actor,
        obj=letter,
        name="approve" if approved else "not_approve",
        reason=reason,
        on=day,
    )
    cite(actor=actor, source=decision, target=letter, note="Director's Letter")
    return letter
