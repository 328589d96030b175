from __future__ import annotations

from secpanel.documents.registers import RegisterForm
from secpanel.smki.models import KeyCustodian, RecoveryExercise


class ExerciseForm(RegisterForm):
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


class CustodianForm(RegisterForm):
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
