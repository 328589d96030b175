from __future__ import annotations

from secpanel.core.forms import ClassifiedForm
from secpanel.programmes.models import DeviceModelCombination, ExitCriterion, Programme, TestPhase


class ProgrammeForm(ClassifiedForm):
    class Meta:
        model = Programme
        fields = [
            "owning_body",
            "name",
            "short_name",
            "kind",
            "target_date",
            "description",
            "classification",
            "red_distribution",
        ]


class PhaseForm(ClassifiedForm):
    class Meta:
        model = TestPhase
        fields = [
            "programme",
            "owning_body",
            "phase",
            "region",
            "planned_start",
            "planned_end",
            "risk_notes",
            "classification",
            "red_distribution",
        ]


class CriterionForm(ClassifiedForm):
    class Meta:
        model = ExitCriterion
        fields = ["phase", "owning_body", "text", "classification", "red_distribution"]


class DmcForm(ClassifiedForm):
    class Meta:
        model = DeviceModelCombination
        fields = [
            "programme",
            "owning_body",
            "name",
            "csp",
            "installation_type",
            "notes",
            "classification",
            "red_distribution",
        ]
