"""Writes of documents and consultations: atomic, validated, audited and history-kept."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.registers import apply_transition
from secpanel.core.services import (
    classification_change,
    classified_create,
    classified_update,
    record_event,
    require_manager,
    require_readable,
    snapshot,
)
from secpanel.core.workflow import Transition
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    ControlledDocument,
    DocumentVersion,
    VersionStatus,
)
from secpanel.documents.policies import is_own_response, respondent_organisation
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


# -- a Party's own response (decisions/0018) ---------------------------------------------------
#: A respondent's response is RED, named to its organisation's people, until the secretariat
#: publishes the summary of responses: the respondent and the body read it, other Parties and
#: the public do not.
RESPONDENT_LEVEL = Classification.RED
NOT_A_RESPONDENT = (
    "Only the people of a SEC Party respond to consultations, for their own organisation."
)
NOT_YOURS = "Only the people of the organisation that submitted a response may change it."
WRITE_YOUR_RESPONSE = "Write your response."


def _organisation_people(organisation: Any) -> list[int]:
    """The organisation's active people: the response's RED distribution."""
    people = get_user_model().objects.filter(organisation=organisation, is_active=True)
    return sorted(people.values_list("pk", flat=True))


def _window(consultation: Consultation, today: datetime.date) -> None:
    """Refuse, naming why, a response or a change to one outside the consultation's window."""
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(
            f"This consultation is {consultation.get_status_display().lower()}: it takes no "
            "responses and no changes to them. Write to the secretariat if you need to."
        )
    if today > consultation.closes_on:
        raise ValidationError(
            f"The deadline was {consultation.closes_on:%-d %B %Y}: responses can no longer be "
            "submitted or changed. Write to the secretariat if you need to.",
            code="deadline",
        )


def _save_as_respondent(obj: ConsultationResponse, actor: Actor, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason[:100]  # simple-history keeps 100; the audit event all of it
    obj.save()


def _name_the_organisation(obj: ConsultationResponse, actor: Actor, reason: str) -> None:
    """The RED distribution is the organisation's people as they are now; a change is its own
    `classification.distribution_changed` event, as `core.services` writes it."""
    old = sorted(obj.red_distribution.values_list("pk", flat=True))
    new = _organisation_people(obj.respondent)
    if old == new:
        return
    obj.red_distribution.set(new)
    record_event(
        kind="classification.distribution_changed",
        actor=actor,
        subject=obj,
        reason=reason,
        before={"red_distribution": old},
        after={"red_distribution": new},
    )


def _still_readable(actor: Actor, obj: ConsultationResponse) -> None:
    if not ConsultationResponse.objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied("That change would put the response out of your own reach.")


@transaction.atomic
def consultation_response_submit(
    *,
    actor: Actor,
    consultation: Consultation,
    summary: str,
    confidential: bool = False,
    reason: str = "",
    today: datetime.date | None = None,
) -> ConsultationResponse:
    """A SEC Party's person submits their organisation's response (decisions/0018): the
    narrow exception to "only the secretariat writes". Checks, in this order: the actor
    responds for a SEC Party; they may read the consultation; it is open and its deadline
    (inclusive) has not passed; their organisation has no response yet. Then it is RED, owned
    by the consultation's body, named to the organisation's people, with history, a
    `documents.consultationresponse_submitted` event and a re-check, in one transaction (the
    consultation row locked, so two colleagues cannot both submit)."""
    organisation = respondent_organisation(actor)
    if organisation is None:
        raise PermissionDenied(NOT_A_RESPONDENT)
    require_readable(actor, Consultation, consultation.pk, "consultation")
    stored = Consultation.objects.unrestricted().select_for_update().get(pk=consultation.pk)
    today = today or timezone.localdate()
    _window(stored, today)
    taken = ConsultationResponse.objects.unrestricted().filter(
        consultation=stored, respondent=organisation
    )
    if taken.exists():
        raise ValidationError(
            f"{organisation.short_name or organisation.name} has already responded to this "
            "consultation: change that response (or ask the secretariat, if it recorded it)."
        )
    if not summary.strip():
        raise ValidationError({"summary": WRITE_YOUR_RESPONSE})
    obj = ConsultationResponse(
        consultation=stored,
        respondent=organisation,
        received_on=today,
        summary=summary.strip(),
        confidential=confidential,
        submitted_by=actor,
        owning_body_id=stored.owning_body_id,
        classification=RESPONDENT_LEVEL,
    )
    _save_as_respondent(obj, actor, reason or "Submitted by the respondent")
    _name_the_organisation(obj, actor, reason)
    record_event(
        kind="documents.consultationresponse_submitted",
        actor=actor,
        subject=obj,
        reason=reason,
        after=snapshot(obj),
    )
    _still_readable(actor, obj)
    return obj


@transaction.atomic
def consultation_response_edit(
    *,
    actor: Actor,
    response: ConsultationResponse,
    summary: str,
    confidential: bool,
    reason: str = "",
    today: datetime.date | None = None,
) -> ConsultationResponse:
    """The respondent changes their organisation's response until the deadline (inclusive):
    its text and whether it is confidential; never its level, body or consultation. Same
    checks and records as `consultation_response_submit` (event
    `documents.consultationresponse_edited`, with the stored state before)."""
    stored = ConsultationResponse.objects.unrestricted().select_for_update().get(pk=response.pk)
    readable = ConsultationResponse.objects.visible_to(actor).filter(pk=stored.pk).exists()
    if not (readable and is_own_response(actor, stored)):
        raise PermissionDenied(NOT_YOURS)
    consultation = (
        Consultation.objects.unrestricted().select_for_update().get(pk=stored.consultation_id)
    )
    _window(consultation, today or timezone.localdate())
    if not summary.strip():
        raise ValidationError({"summary": WRITE_YOUR_RESPONSE})
    before = snapshot(stored)
    stored.summary = summary.strip()
    stored.confidential = confidential
    _save_as_respondent(stored, actor, reason or "Changed by the respondent")
    _name_the_organisation(stored, actor, reason)
    record_event(
        kind="documents.consultationresponse_edited",
        actor=actor,
        subject=stored,
        reason=reason,
        before=before,
        after=snapshot(stored),
    )
    _still_readable(actor, stored)
    return stored


@transaction.atomic
def consultation_summary_publish(
    *,
    actor: Actor,
    consultation: Consultation,
    summary: str,
    reason: str = "",
    publish_responses: bool = True,
    today: datetime.date | None = None,
) -> Consultation:
    """The body's secretariat publishes the summary of responses on the consultation (after
    its deadline, when responses can no longer change), at the consultation's level, as one
    `documents.consultation_summary_published` event. With `publish_responses`, and when the
    consultation is White or Green, every response its respondent submitted without marking
    it confidential is lowered to the consultation's level (`classification.declassified`,
    with the reason); confidential ones, responses the secretariat recorded and every
    response to an Amber or Red consultation keep their level. Publishing again replaces the
    summary (history keeps the earlier one)."""
    stored = Consultation.objects.unrestricted().select_for_update().get(pk=consultation.pk)
    require_manager(actor, stored)
    today = today or timezone.localdate()
    if not summary.strip():
        raise ValidationError({"response_summary": "Write the summary to publish."})
    if stored.status == ConsultationStatus.PLANNED or today <= stored.closes_on:
        raise ValidationError(
            {
                "response_summary": "Responses may change until the deadline "
                f"({stored.closes_on:%-d %B %Y}): publish the summary after it."
            }
        )
    why = reason.strip() or "Summary of responses published"
    consultation = classified_update(
        actor=actor,
        instance=consultation,
        changes={"response_summary": summary.strip(), "summary_published_on": today},
        reason=why,
        event_kind="documents.consultation_summary_published",
    )
    level = Classification(stored.classification)
    if publish_responses and level <= Classification.GREEN:
        publishable = (
            ConsultationResponse.objects.unrestricted()
            .select_for_update()
            .filter(
                consultation=stored,
                submitted_by__isnull=False,
                confidential=False,
                classification__gt=level,
            )
            .order_by("pk")
        )
        for response in publishable:
            classification_change(
                actor=actor,
                instance=response,
                level=level,
                reason=f"Published with the summary of responses to “{stored.title}”: {why}",
            )
    return consultation
