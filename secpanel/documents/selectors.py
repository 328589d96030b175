"""Reads of documents and consultations, always through `visible_to(user)`."""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet

from secpanel.accounts.types import Reader
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.documents.policies import respondent_organisation


def document_list(user: Reader) -> QuerySet[ControlledDocument]:
    return ControlledDocument.objects.visible_to(user).select_related("owning_body")


def documents_of_body(user: Reader, body_id: int) -> QuerySet[ControlledDocument]:
    """Documents a body owns (e.g. the SMKI PMA's), as far as `user` may read them."""
    return document_list(user).filter(owning_body_id=body_id)


def versions_of(user: Reader, document: ControlledDocument) -> QuerySet[DocumentVersion]:
    return (
        document.versions.visible_to(user)
        .select_related("approved_by_decision")
        .order_by("-issued_on", "-id")
    )


def version_list(user: Reader) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.visible_to(user).select_related("document", "owning_body")


def versions_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[DocumentVersion]:
    """Versions issued, approved or changed between `start` and `end` (inclusive)."""
    return version_list(user).filter(
        Q(issued_on__range=(start, end))
        | Q(approved_on__range=(start, end))
        | Q(updated_at__date__range=(start, end))
    )


def consultation_list(user: Reader) -> QuerySet[Consultation]:
    return Consultation.objects.visible_to(user).select_related(
        "owning_body", "document_version__document"
    )


def consultations_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[Consultation]:
    """Consultations open at any time between `start` and `end`, or changed then."""
    return consultation_list(user).filter(
        (Q(opens_on__lte=end) | Q(opens_on__isnull=True)) & Q(closes_on__gte=start)
        | Q(updated_at__date__range=(start, end))
    )


def consultations_of(user: Reader, version: DocumentVersion) -> QuerySet[Consultation]:
    return version.consultations.visible_to(user).order_by("-closes_on", "-id")


def responses_to(user: Reader, consultation: Consultation) -> QuerySet[ConsultationResponse]:
    return (
        consultation.responses.visible_to(user)
        .select_related("respondent")
        .order_by("received_on", "id")
    )


def upcoming_deadlines(
    user: Reader, today: datetime.date, days: int = 30
) -> QuerySet[Consultation]:
    """Planned or open reviews and consultations closing within `days` of `today`."""
    return (
        consultation_list(user)
        .filter(
            status__in=[ConsultationStatus.PLANNED, ConsultationStatus.OPEN],
            closes_on__range=(today, today + datetime.timedelta(days=days)),
        )
        .order_by("closes_on", "id")
    )


def own_response(user: Reader, consultation: Consultation) -> ConsultationResponse | None:
    """The response of the SEC Party `user` responds for, as far as they may read it: the one
    its people submitted first, else one the secretariat recorded (decisions/0018)."""
    organisation = respondent_organisation(user)
    if organisation is None:
        return None
    return (
        consultation.responses.visible_to(user)
        .filter(respondent=organisation)
        .order_by(F("submitted_by").asc(nulls_last=True), "id")
        .first()
    )


def open_consultations(user: Reader) -> QuerySet[Consultation]:
    """Reviews and consultations open now that `user` may read, the soonest to close first."""
    return (
        consultation_list(user).filter(status=ConsultationStatus.OPEN).order_by("closes_on", "id")
    )
