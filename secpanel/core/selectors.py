"""Generic reads of classified records: the only way views fetch one."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel

M = TypeVar("M", bound=ClassifiedModel)


def visible(model_or_qs: type[M] | models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """`model.objects.visible_to(user)`, also accepting an already-narrowed queryset."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    return qs.visible_to(user)


def get_visible_or_404(model_or_qs: type[M] | models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """One record the user may read, or 404: missing and hidden look the same.

    Every read of a RED record is written to the audit log (`classification.red_read`).
    """
    try:
        obj = visible(model_or_qs, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc
    if obj.classification == Classification.RED:
        from secpanel.core.services import record_event

        record_event(kind="classification.red_read", actor=user, subject=obj)
    return obj
