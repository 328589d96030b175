from django.contrib import admin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview


@admin.register(MajorIncident)
class MajorIncidentAdmin(ClassifiedAdmin):
    list_display = ("reference", "title", "occurred_on", "review_status", "classification")


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(ClassifiedAdmin):
    list_display = ("period", "status", "measures_below_target", "classification")


@admin.register(ForecastingReturn)
class ForecastingReturnAdmin(ClassifiedAdmin):
    list_display = ("party", "period", "due_on", "status", "classification")
