"""Writes of documents and consultations: atomic, validated, audited and history-kept."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.registers import apply_transition
from secpanel.core.services import classified_create, classified_update
from secpanel.core.workflow import Transition
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    ControlledDocument,
    DocumentVersion,
    VersionStatus,
)
from secpanel.documents.workflow import CONSULTATION_TRANSITIONS, VERSION_TRANSITIONS


def document_create(
    *,
    actor: Actor,
    owning_body: Body,
    title: str,
    short_name: str = "",
    description: str = "",
    public_url: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> ControlledDocument:
    doc = ControlledDocument(
        owning_body=owning_body,
        title=title,
        short_name=short_name,
        description=description,
        public_url=public_url,
        classification=classification,
    )
    return classified_create(actor=actor, instance=doc, reason=reason, distribution=distribution)


def document_update(
    *, actor: Actor, document: ControlledDocument, reason: str = "", **changes: Any
) -> ControlledDocument:
    return classified_update(actor=actor, instance=document, changes=changes, reason=reason)


def version_create(
    *,
    actor: Actor,
    document: ControlledDocument,
    version: str,
    owning_body: Body | None = None,
    issued_on: datetime.date | None = None,
    summary: str = "",
    classification: Classification | None = None,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> DocumentVersion:
    """A new version starts as a draft with no approval: it never inherits an earlier
    version's decision."""
    obj = DocumentVersion(
        document=document,
        version=version,
        owning_body=owning_body or document.owning_body,
        issued_on=issued_on,
        summary=summary,
        classification=document.classification if classification is None else classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def version_update(
    *, actor: Actor, version: DocumentVersion, reason: str = "", **changes: Any
) -> DocumentVersion:
    for name in ("status", "approved_by_decision", "approved_on"):
        if name in changes:
            raise ValidationError({name: "Change this through the version's transitions."})
    return classified_update(actor=actor, instance=version, changes=changes, reason=reason)


def version_transition(
    *,
    actor: Actor,
    obj: DocumentVersion,
    name: str,
    reason: str = "",
    decision: Any = None,
    on: datetime.date | None = None,
) -> DocumentVersion:
    """Move a version through its lifecycle. "approve" binds the decision to this version;
    "publish" supersedes the document's earlier published versions."""
    extra: dict[str, Any] = {}
    if name == "approve" and decision is not None:
        extra = {"approved_by_decision": decision, "approved_on": decision.date}
    if name == "issue_for_review" and obj.issued_on is None:
        extra = {"issued_on": on or datetime.date.today()}
    with transaction.atomic():
        obj = apply_transition(
            actor=actor,
            obj=obj,
            name=name,
            reason=reason,
            machine=VERSION_TRANSITIONS,
            extra=extra,
            decision=decision if name == "approve" else None,
        )
        if name == "publish":
            older = (
                DocumentVersion.objects.unrestricted()
                .filter(document_id=obj.document_id, status=VersionStatus.PUBLISHED)
                .exclude(pk=obj.pk)
            )
            for previous in older:
                apply_transition(
                    actor=actor,
                    obj=previous,
                    name="supersede",
                    reason=f"Superseded by V{obj.version}",
                    machine=VERSION_TRANSITIONS,
                )
    return obj


def consultation_create(
    *,
    actor: Actor,
    owning_body: Body,
    title: str,
    closes_on: datetime.date,
    kind: str = "consultation",
    document_version: DocumentVersion | None = None,
    modification_ref: str = "",
    opens_on: datetime.date | None = None,
    public_url: str = "",
    classification: Classification = Classification.WHITE,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> Consultation:
    obj = Consultation(
        owning_body=owning_body,
        title=title,
        kind=kind,
        document_version=document_version,
        modification_ref=modification_ref,
        opens_on=opens_on,
        closes_on=closes_on,
        public_url=public_url,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)


def consultation_update(
    *, actor: Actor, consultation: Consultation, reason: str = "", **changes: Any
) -> Consultation:
    if "status" in changes:
        raise ValidationError({"status": "Change this through the consultation's transitions."})
    return classified_update(actor=actor, instance=consultation, changes=changes, reason=reason)


def _needs_outcome(obj: Any, transition: Transition) -> None:
    if transition.target == ConsultationStatus.CONCLUDED and not obj.outcome.strip():
        raise ValidationError({"outcome": "Record the outcome before concluding it."})


def consultation_transition(
    *, actor: Actor, obj: Consultation, name: str, reason: str = "", decision: Any = None
) -> Consultation:
    """Open, close, reopen or conclude (which needs an outcome) a consultation."""
    return apply_transition(
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        machine=CONSULTATION_TRANSITIONS,
        decision=decision,
        check=_needs_outcome,
    )


def response_record(
    *,
    actor: Actor,
    consultation: Consultation,
    received_on: datetime.date,
    respondent: Any = None,
    respondent_name: str = "",
    summary: str = "",
    owning_body: Body | None = None,
    classification: Classification = Classification.AMBER,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> ConsultationResponse:
    """Record a response to an open (or, late, a closed) consultation."""
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise ValidationError(
            {
                "consultation": "Responses are recorded once the consultation has opened and "
                "until it is concluded."
            }
        )
    obj = ConsultationResponse(
        consultation=consultation,
        respondent=respondent,
        respondent_name=respondent_name,
        received_on=received_on,
        summary=summary,
        owning_body=owning_body or consultation.owning_body,
        classification=classification,
    )
    return classified_create(actor=actor, instance=obj, reason=reason, distribution=distribution)
