"""Reads of the SMKI PMA registers, always through `visible_to(user)`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from secpanel.smki.models import (
    ExerciseStatus,
    KeyCustodian,
    NotificationStatus,
    RecoveryExercise,
)


def exercise_list(user: Any) -> QuerySet[RecoveryExercise]:
    return RecoveryExercise.objects.visible_to(user).select_related("owning_body")


def exercises_in_period(
    user: Any, start: datetime.date, end: datetime.date
) -> QuerySet[RecoveryExercise]:
    """Exercises planned in the period, or changed in it."""
    return exercise_list(user).filter(
        Q(planned_date__range=(start, end)) | Q(updated_at__date__range=(start, end))
    )


def upcoming_exercises(
    user: Any, today: datetime.date, days: int = 60
) -> QuerySet[RecoveryExercise]:
    return (
        exercise_list(user)
        .filter(
            status__in=[ExerciseStatus.PROPOSED, ExerciseStatus.SCHEDULED],
            planned_date__range=(today, today + datetime.timedelta(days=days)),
        )
        .order_by("planned_date", "id")
    )


def custodians_of(user: Any, exercise: RecoveryExercise) -> QuerySet[KeyCustodian]:
    return exercise.custodians.visible_to(user).order_by("name", "id")


def custodians_to_notify(user: Any) -> QuerySet[KeyCustodian]:
    return KeyCustodian.objects.visible_to(user).filter(
        notification=NotificationStatus.PENDING,
        exercise__status__in=[ExerciseStatus.PROPOSED, ExerciseStatus.SCHEDULED],
    )


# The SMKI PMA's body code (the demo's and the matrix world's spellings).
PMA_BODY_CODES = ("smki-pma", "pma")


def smki_documents(user: Any) -> QuerySet:
    """Controlled documents owned by the SMKI PMA."""
    from secpanel.documents.selectors import document_list

    return document_list(user).filter(owning_body__code__in=PMA_BODY_CODES)


def smki_consultations(user: Any) -> QuerySet:
    """Reviews and consultations owned by the SMKI PMA (on its documents or modifications)."""
    from secpanel.documents.selectors import consultation_list

    return consultation_list(user).filter(owning_body__code__in=PMA_BODY_CODES)


def smki_modifications(user: Any) -> QuerySet:
    """Modifications the SMKI PMA leads (SMKI Repository, Device Certificates, Recovery...)."""
    from secpanel.modifications.models import Modification

    return (
        Modification.objects.visible_to(user)
        .filter(owning_body__code__in=PMA_BODY_CODES)
        .order_by("reference")
    )
