"""Thin views over the SMKI PMA selectors and services."""

from __future__ import annotations

from typing import Any

from secpanel.core.classification import Classification
from secpanel.smki import lists, selectors, services
from secpanel.smki.forms import CustodianForm, ExerciseForm
from secpanel.smki.models import KeyCustodian, RecoveryExercise
from secpanel.web.registers import (
    RegisterDetailView,
    RegisterFormView,
    RegisterTransitionView,
)
from secpanel.web.views import ClassifiedListView


class ExerciseListView(ClassifiedListView):
    """The SMKI PMA's page: recovery exercises, and its documents and consultations."""

    model = RecoveryExercise
    template_name = "smki/exercise_list.html"
    select_related = ("owning_body",)
    filterset_class = lists.ExerciseFilters
    table_class = lists.ExerciseTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["documents"] = list(selectors.smki_documents(user))
        ctx["consultations"] = list(selectors.smki_consultations(user))
        ctx["modifications"] = list(selectors.smki_modifications(user))
        shown = ctx["documents"] + ctx["consultations"] + ctx["modifications"]
        ctx["page_classification"] = Classification.high_water(
            [ctx["page_classification"]] + [r.classification for r in shown]
        )
        return ctx


class ExerciseDetailView(RegisterDetailView):
    model = RecoveryExercise
    template_name = "smki/exercise_detail.html"
    machine = services.EXERCISE_TRANSITIONS

    def related(self, obj: RecoveryExercise) -> dict[str, Any]:
        return {"custodians": selectors.custodians_of(self.request.user, obj)}


class ExerciseFormView(RegisterFormView):
    model = RecoveryExercise
    form_class = ExerciseForm
    create = services.exercise_create


class ExerciseTransitionView(RegisterTransitionView):
    model = RecoveryExercise
    service = services.exercise_transition


class CustodianDetailView(RegisterDetailView):
    model = KeyCustodian
    template_name = "smki/custodian_detail.html"
    machine = services.CUSTODIAN_TRANSITIONS
    parents = {"exercise": "exercise"}


class CustodianFormView(RegisterFormView):
    model = KeyCustodian
    form_class = CustodianForm
    create = services.custodian_add
    prefill = ("exercise",)


class CustodianTransitionView(RegisterTransitionView):
    model = KeyCustodian
    service = services.custodian_transition
