"""Thin views over TAG's testing selectors and services."""

from __future__ import annotations

from typing import Any

from secpanel.programmes import lists, selectors, services
from secpanel.programmes.forms import CriterionForm, DmcForm, PhaseForm, ProgrammeForm
from secpanel.programmes.models import DeviceModelCombination, ExitCriterion, Programme, TestPhase
from secpanel.web.registers import (
    RegisterDetailView,
    RegisterFormView,
    RegisterTransitionView,
)
from secpanel.web.views import ClassifiedListView


class ProgrammeListView(ClassifiedListView):
    model = Programme
    template_name = "programmes/programme_list.html"
    filterset_class = lists.ProgrammeFilters
    table_class = lists.ProgrammeTable
    select_related = ("owning_body",)


class ProgrammeDetailView(RegisterDetailView):
    model = Programme
    template_name = "programmes/programme_detail.html"

    def related(self, obj: Programme) -> dict[str, Any]:
        user = self.request.user
        return {"phases": selectors.phases_of(user, obj), "dmcs": selectors.dmcs_of(user, obj)}


class ProgrammeFormView(RegisterFormView):
    model = Programme
    form_class = ProgrammeForm
    create = services.programme_create


class PhaseDetailView(RegisterDetailView):
    model = TestPhase
    template_name = "programmes/phase_detail.html"
    machine = services.PHASE_TRANSITIONS
    parents = {"programme": "programme"}

    def related(self, obj: TestPhase) -> dict[str, Any]:
        return {"criteria": selectors.criteria_of(self.request.user, obj)}


class PhaseFormView(RegisterFormView):
    model = TestPhase
    form_class = PhaseForm
    create = services.phase_create
    prefill = ("programme",)


class PhaseTransitionView(RegisterTransitionView):
    model = TestPhase
    service = services.phase_transition


class CriterionDetailView(RegisterDetailView):
    model = ExitCriterion
    template_name = "programmes/criterion_detail.html"
    machine = services.CRITERION_TRANSITIONS
    parents = {"phase": "phase", "decision": "decision"}


class CriterionFormView(RegisterFormView):
    model = ExitCriterion
    form_class = CriterionForm
    create = services.criterion_create
    prefill = ("phase",)


class CriterionTransitionView(RegisterTransitionView):
    model = ExitCriterion
    service = services.criterion_transition


class DmcListView(ClassifiedListView):
    model = DeviceModelCombination
    template_name = "programmes/dmc_list.html"
    filterset_class = lists.DmcFilters
    table_class = lists.DmcTable
    select_related = ("owning_body",)


class DmcDetailView(RegisterDetailView):
    model = DeviceModelCombination
    template_name = "programmes/dmc_detail.html"
    machine = services.DMC_TRANSITIONS
    parents = {"programme": "programme", "decision": "decision"}


class DmcFormView(RegisterFormView):
    model = DeviceModelCombination
    form_class = DmcForm
    create = services.dmc_create
    prefill = ("programme",)


class DmcTransitionView(RegisterTransitionView):
    model = DeviceModelCombination
    service = services.dmc_transition
