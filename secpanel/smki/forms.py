from __future__ import annotations

from secpanel.core.forms import ClassifiedForm
from secpanel.smki.models import KeyCustodian, RecoveryExercise


class ExerciseForm(ClassifiedForm):
    class Meta:
        model = RecoveryExercise
        fields = [
            "owning_body",
            "title",
            "environment",
            "planned_date",
            "date_is_estimate",
            "scope",
            "outcome",
            "classification",
            "red_distribution",
        ]


class CustodianForm(ClassifiedForm):
    class Meta:
        model = KeyCustodian
        fields = [
            "exercise",
            "owning_body",
            "name",
            "organisation",
            "role",
            "classification",
            "red_distribution",
        ]
