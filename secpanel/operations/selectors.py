"""Reads of the Operations Group registers, always through `visible_to(user)`."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from secpanel.accounts.types import Reader
from secpanel.operations.models import (
    ForecastingReturn,
    MajorIncident,
    PerformanceReview,
    ReturnStatus,
)


def incident_list(user: Reader) -> QuerySet[MajorIncident]:
    return MajorIncident.objects.visible_to(user).select_related("owning_body")


def incidents_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[MajorIncident]:
    """Incidents that occurred, were resolved, or whose review moved in the period."""
    return incident_list(user).filter(
        Q(occurred_on__range=(start, end))
        | Q(resolved_on__range=(start, end))
        | Q(updated_at__date__range=(start, end))
    )


def performance_review_list(user: Reader) -> QuerySet[PerformanceReview]:
    return PerformanceReview.objects.visible_to(user).select_related("owning_body")


def performance_reviews_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[PerformanceReview]:
    """Reviews of the months in the period, or changed in it."""
    return performance_review_list(user).filter(
        Q(period__range=(start.replace(day=1), end)) | Q(updated_at__date__range=(start, end))
    )


def forecast_list(user: Reader) -> QuerySet[ForecastingReturn]:
    return ForecastingReturn.objects.visible_to(user).select_related("owning_body", "party")


def forecasting_returns_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[ForecastingReturn]:
    """Returns due or received in the period, or changed in it."""
    return forecast_list(user).filter(
        Q(due_on__range=(start, end))
        | Q(received_on__range=(start, end))
        | Q(updated_at__date__range=(start, end))
    )


def upcoming_deadlines(
    user: Reader, today: datetime.date, days: int = 30
) -> QuerySet[ForecastingReturn]:
    """Forecasting returns still due within `days` of `today`."""
    return (
        forecast_list(user)
        .filter(
            status=ReturnStatus.DUE,
            due_on__range=(today, today + datetime.timedelta(days=days)),
        )
        .order_by("due_on", "id")
    )
