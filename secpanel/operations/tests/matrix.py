"""Operations Group's models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.accounts.models import Organisation
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview
from secpanel.testkit import MatrixTarget


def make_incident(world, level, marker):
    return MajorIncident.objects.create(
        owning_body=world.owner,
        classification=level,
        reference=f"INC-{level}",
        title=marker,
        occurred_on=datetime.date(2019, 4, 2),
    )


def make_review(world, level, marker):
    return PerformanceReview.objects.create(
        owning_body=world.owner,
        classification=level,
        period=datetime.date(2019, level, 1),
        summary=marker,
    )


def make_forecast(world, level, marker):
    return ForecastingReturn.objects.create(
        owning_body=world.owner,
        classification=level,
        party=Organisation.objects.first(),
        period=datetime.date(2019, 7, 1),
        due_on=datetime.date(2019, 5, 15),
        notes=marker,
    )


TARGETS = [
    MatrixTarget(
        name="major_incident",
        model=MajorIncident,
        make=make_incident,
        detail_url=lambda obj: reverse("operations:incident_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("operations:incident_list")],
    ),
    MatrixTarget(
        name="performance_review",
        model=PerformanceReview,
        make=make_review,
        detail_url=lambda obj: reverse("operations:performance_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("operations:performance_list")],
    ),
    MatrixTarget(
        name="forecasting_return",
        model=ForecastingReturn,
        make=make_forecast,
        detail_url=lambda obj: reverse("operations:forecast_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("operations:forecast_list")],
    ),
]
