"""Thin views over the Operations Group selectors and services."""

from __future__ import annotations

from django.db.models import QuerySet

from secpanel.core.views import ClassifiedListView
from secpanel.documents.registers import RegisterDetailView, RegisterFormView, TransitionView
from secpanel.operations import services
from secpanel.operations.forms import ForecastForm, IncidentForm, PerformanceReviewForm
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview


class IncidentListView(ClassifiedListView):
    model = MajorIncident
    template_name = "operations/incident_list.html"

    def base_queryset(self) -> QuerySet[MajorIncident]:
        return MajorIncident.objects.select_related("owning_body")


class IncidentDetailView(RegisterDetailView):
    model = MajorIncident
    template_name = "operations/incident_detail.html"
    machine = services.INCIDENT_TRANSITIONS


class IncidentFormView(RegisterFormView):
    model = MajorIncident
    form_class = IncidentForm
    create = services.incident_create


class IncidentTransitionView(TransitionView):
    model = MajorIncident
    service = services.incident_transition


class PerformanceListView(ClassifiedListView):
    model = PerformanceReview
    template_name = "operations/performance_list.html"

    def base_queryset(self) -> QuerySet[PerformanceReview]:
        return PerformanceReview.objects.select_related("owning_body")


class PerformanceDetailView(RegisterDetailView):
    model = PerformanceReview
    template_name = "operations/performance_detail.html"
    machine = services.PERFORMANCE_TRANSITIONS


class PerformanceFormView(RegisterFormView):
    model = PerformanceReview
    form_class = PerformanceReviewForm
    create = services.performance_review_create


class PerformanceTransitionView(TransitionView):
    model = PerformanceReview
    service = services.performance_review_transition


class ForecastListView(ClassifiedListView):
    model = ForecastingReturn
    template_name = "operations/forecast_list.html"

    def base_queryset(self) -> QuerySet[ForecastingReturn]:
        return ForecastingReturn.objects.select_related("owning_body", "party")


class ForecastDetailView(RegisterDetailView):
    model = ForecastingReturn
    template_name = "operations/forecast_detail.html"
    machine = services.RETURN_TRANSITIONS

    def base_queryset(self) -> QuerySet[ForecastingReturn]:
        return ForecastingReturn.objects.select_related("owning_body", "party")


class ForecastFormView(RegisterFormView):
    model = ForecastingReturn
    form_class = ForecastForm
    create = services.forecast_create


class ForecastTransitionView(TransitionView):
    model = ForecastingReturn
    service = services.forecast_transition
