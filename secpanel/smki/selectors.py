"""Reads of the SMKI PMA registers, always through `visible_to(user)`."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from secpanel.accounts.types import Reader
from secpanel.documents.selectors import consultation_list, document_list
from secpanel.modifications.selectors import modifications_owned_by
from secpanel.smki.models import (
    ExerciseStatus,
    KeyCustodian,
    NotificationStatus,
    RecoveryExercise,
)


def exercise_list(user: Reader) -> QuerySet[RecoveryExercise]:
    return RecoveryExercise.objects.visible_to(user).select_related("owning_body")


def exercises_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[RecoveryExercise]:
    """Exercises planned in the period, or changed in it."""
    return exercise_list(user).filter(
        Q(planned_date__range=(start, end)) | Q(updated_at__date__range=(start, end))
    )


def upcoming_exercises(
    user: Reader, today: datetime.date, days: int = 60
) -> QuerySet[RecoveryExercise]:
    return (
        exercise_list(user)
        .filter(
            status__in=[ExerciseStatus.PROPOSED, ExerciseStatus.SCHEDULED],
            planned_date__range=(today, today + datetime.timedelta(days=days)),
        )
        .order_by("planned_date", "id")
    )


def custodians_of(user: Reader, exercise: RecoveryExercise) -> QuerySet[KeyCustodian]:
    return exercise.custodians.visible_to(user).order_by("name", "id")


def custodians_to_notify(user: Reader) -> QuerySet[KeyCustodian]:
    return KeyCustodian.objects.visible_to(user).filter(
        notification=NotificationStatus.PENDING,
        exercise__status__in=[ExerciseStatus.PROPOSED, ExerciseStatus.SCHEDULED],
    )


# The SMKI PMA's body code (the demo's and the matrix world's spellings).
PMA_BODY_CODES = ("smki-pma", "pma")


def smki_documents(user: Reader) -> QuerySet:
    """Controlled documents owned by the SMKI PMA."""
    return document_list(user).filter(owning_body__code__in=PMA_BODY_CODES)


def smki_consultations(user: Reader) -> QuerySet:
    """Reviews and consultations owned by the SMKI PMA (on its documents or modifications)."""
    return consultation_list(user).filter(owning_body__code__in=PMA_BODY_CODES)


def smki_modifications(user: Reader) -> QuerySet:
    """Modifications the SMKI PMA leads (SMKI Repository, Device Certificates, Recovery...)."""
    return modifications_owned_by(user, PMA_BODY_CODES)
