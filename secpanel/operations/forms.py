from __future__ import annotations

from secpanel.core.forms import ClassifiedForm
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview


class IncidentForm(ClassifiedForm):
    class Meta:
        model = MajorIncident
        fields = [
            "owning_body",
            "reference",
            "title",
            "dcc_incident",
            "occurred_on",
            "resolved_on",
            "summary",
            "review_notes",
            "classification",
            "red_distribution",
        ]


class PerformanceReviewForm(ClassifiedForm):
    class Meta:
        model = PerformanceReview
        fields = [
            "owning_body",
            "period",
            "report_ref",
            "received_on",
            "measures_below_target",
            "summary",
            "classification",
            "red_distribution",
        ]


class ForecastForm(ClassifiedForm):
    class Meta:
        model = ForecastingReturn
        fields = [
            "owning_body",
            "party",
            "period",
            "due_on",
            "notes",
            "classification",
            "red_distribution",
        ]
