"""Thin views over the Operations Group selectors and services."""

from __future__ import annotations

from secpanel.operations import lists, services
from secpanel.operations.forms import ForecastForm, IncidentForm, PerformanceReviewForm
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview
from secpanel.web.registers import (
    RegisterDetailView,
    RegisterFormView,
    RegisterTransitionView,
)
from secpanel.web.views import ClassifiedListView


class IncidentListView(ClassifiedListView):
    model = MajorIncident
    template_name = "operations/incident_list.html"
    filterset_class = lists.IncidentFilters
    table_class = lists.IncidentTable
    select_related = ("owning_body",)


class IncidentDetailView(RegisterDetailView):
    model = MajorIncident
    template_name = "operations/incident_detail.html"
    machine = services.INCIDENT_TRANSITIONS


class IncidentFormView(RegisterFormView):
    model = MajorIncident
    form_class = IncidentForm
    create = services.incident_create


class IncidentTransitionView(RegisterTransitionView):
    model = MajorIncident
    service = services.incident_transition


class PerformanceListView(ClassifiedListView):
    model = PerformanceReview
    template_name = "operations/performance_list.html"
    filterset_class = lists.PerformanceFilters
    table_class = lists.PerformanceTable
    select_related = ("owning_body",)


class PerformanceDetailView(RegisterDetailView):
    model = PerformanceReview
    template_name = "operations/performance_detail.html"
    machine = services.PERFORMANCE_TRANSITIONS


class PerformanceFormView(RegisterFormView):
    model = PerformanceReview
    form_class = PerformanceReviewForm
    create = services.performance_review_create


class PerformanceTransitionView(RegisterTransitionView):
    model = PerformanceReview
    service = services.performance_review_transition


class ForecastListView(ClassifiedListView):
    model = ForecastingReturn
    template_name = "operations/forecast_list.html"
    filterset_class = lists.ForecastFilters
    table_class = lists.ForecastTable
    select_related = ("owning_body", "party")


class ForecastDetailView(RegisterDetailView):
    model = ForecastingReturn
    template_name = "operations/forecast_detail.html"
    machine = services.RETURN_TRANSITIONS
    select_related = ("owning_body", "party")


class ForecastFormView(RegisterFormView):
    model = ForecastingReturn
    form_class = ForecastForm
    create = services.forecast_create


class ForecastTransitionView(RegisterTransitionView):
    model = ForecastingReturn
    service = services.forecast_transition
