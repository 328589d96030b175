"""The register's record pages: Users, assessments, outcomes, findings, Director's Letters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secpanel.assurance import lists, policies, selectors, services
from secpanel.assurance.forms import (
    AssessmentForm,
    FindingForm,
    LetterForm,
    LetterReviewForm,
    OutcomeForm,
    SecUserForm,
    TransitionForm,
)
from secpanel.assurance.models import (
    AssessmentOutcome,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.assurance.views.common import (
    PARENTS,
    _high_water,
    _PlainFormView,
    _with_parents,
)
from secpanel.core.forms import ClassifiedForm
from secpanel.core.params import int_param
from secpanel.core.parents import attach_visible_parents
from secpanel.core.policy import managed_body_ids
from secpanel.core.selectors import get_visible_or_404
from secpanel.web.views import (
    ClassifiedDetailView,
    ClassifiedListView,
    ServiceFormView,
    TransitionView,
)


def _user_initial(request: HttpRequest) -> dict[str, Any]:
    """`?user=<pk>` preselects the User on a new assessment or letter."""
    pk = int_param(request, "user", None)
    return {"sec_user": pk} if pk is not None else {}


class _ParentsListView(ClassifiedListView):
    """A list whose rows name their parents as the reader may see them (`visible_*`)."""

    def prepare_rows(self, rows: list[Any]) -> list[Any]:
        if not rows:
            return []
        return attach_visible_parents(self.request.user, rows, **PARENTS[self.model])


class _ParentsDetailView(ClassifiedDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        _with_parents(ctx, self.request.user, [self.object])
        return ctx


# --- Users -------------------------------------------------------------------------------


class SecUserListView(ClassifiedListView):
    model = SecUser
    template_name = "assurance/user_list.html"
    filterset_class = lists.SecUserFilters
    table_class = lists.SecUserTable
    select_related = ("organisation", "owning_body")


class SecUserDetailView(ClassifiedDetailView):
    model = SecUser
    template_name = "assurance/user_detail.html"
    select_related = ("organisation", "owning_body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assessments"] = list(selectors.assessment_list(user).filter(sec_user=self.object))
        ctx["letters"] = list(selectors.letter_list(user).filter(sec_user=self.object))
        entry = selectors.schedule(user, timezone.localdate(), sec_user=self.object)
        ctx["entry"] = entry[0] if entry else None
        _high_water(ctx, ctx["assessments"], ctx["letters"], entry)
        _with_parents(ctx, user, ctx["letters"])
        return ctx


class SecUserFormView(ServiceFormView):
    model = SecUser
    form_class = SecUserForm
    create = services.sec_user_create
    update = services.sec_user_update
    update_arg = "sec_user"


# --- Assessments -------------------------------------------------------------------------


class AssessmentListView(_ParentsListView):
    model = UserSecurityAssessment
    template_name = "assurance/assessment_list.html"
    filterset_class = lists.AssessmentFilters
    table_class = lists.AssessmentTable

    select_related = ("sec_user__organisation", "owning_body")


class AssessmentDetailView(_ParentsDetailView):
    model = UserSecurityAssessment
    template_name = "assurance/assessment_detail.html"
    select_related = ("sec_user__organisation", "owning_body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        ctx["findings"] = list(selectors.finding_list(user).filter(assessment=obj))
        ctx["outcome"] = selectors.outcome_list(user).filter(assessment=obj).first()
        ctx["letters"] = list(selectors.letter_list(user).filter(assessment=obj))
        ctx["transitions"] = policies.available_transitions(user, obj)
        ctx["can_set_outcome"] = policies.can_set_outcome(user, obj)
        _high_water(ctx, ctx["findings"], ctx["letters"], [ctx["outcome"]])
        _with_parents(ctx, user, [ctx["outcome"]])
        _with_parents(ctx, user, ctx["letters"])
        return ctx


class AssessmentFormView(ServiceFormView):
    model = UserSecurityAssessment
    form_class = AssessmentForm
    create = services.assessment_create
    update = services.assessment_update
    update_arg = "assessment"

    def initial(self, obj: Any) -> dict[str, Any]:
        return _user_initial(self.request)


class AssessmentTransitionView(TransitionView):
    """POST: move an assessment on (start fieldwork, report issued, response received…).

    A date or reason the form refuses is not a move: the form comes back with the error on
    its field (posting to this same address), and nothing is written."""

    model = UserSecurityAssessment
    service = services.assessment_transition
    form_class = TransitionForm

    def label(self) -> str:
        return policies.TRANSITIONS[self.kwargs["name"]].label

    def get_object(self) -> UserSecurityAssessment:
        obj = super().get_object()
        if self.kwargs["name"] not in policies.TRANSITIONS:
            raise Http404("No such step.")
        return obj

    def arguments(self, form: TransitionForm, obj: UserSecurityAssessment) -> dict[str, Any]:
        return {**super().arguments(form, obj), "on": form.cleaned_data["on"]}

    def refused_input(self, form: TransitionForm, obj: UserSecurityAssessment) -> HttpResponse:
        return render(
            self.request,
            "core/record_form.html",
            {
                "form": form,
                "object": obj,
                "title": f"{self.label()}: {obj}",
                "page_classification": obj.classification,
            },
        )

    def message(self, obj: UserSecurityAssessment) -> str:
        return f"{self.label()}."


class OutcomeFormView(_PlainFormView):
    model = UserSecurityAssessment
    title = "Record the SSC's outcome"

    def get_object(self) -> Any:
        obj = super().get_object()
        if not policies.can_set_outcome(self.request.user, obj):
            messages.error(self.request, "This assessment is not awaiting the SSC's outcome.")
            raise PermissionDenied("This assessment is not awaiting the SSC's outcome.")
        return obj

    form_class = OutcomeForm

    def form_kwargs(self, obj: UserSecurityAssessment) -> dict[str, Any]:
        return {"assessment": obj}

    def save(self, form: OutcomeForm, obj: UserSecurityAssessment) -> AssessmentOutcome:
        data = form.cleaned_data
        return services.outcome_set(
            actor=self.request.user,
            assessment=obj,
            meeting=data.get("meeting"),
            decided_on=data.get("decided_on"),
            assurance_status=data.get("assurance_status", ""),
            conditions=data.get("conditions", ""),
            compliance_status=data.get("compliance_status"),
            notes=data.get("notes", ""),
            reason=data.get("reason", ""),
        )


# --- Outcomes ------------------------------------------------------------------------------


class OutcomeListView(_ParentsListView):
    model = AssessmentOutcome
    template_name = "assurance/outcome_list.html"
    filterset_class = lists.OutcomeFilters
    table_class = lists.OutcomeTable
    select_related = (
        "assessment__sec_user__organisation",
        "compliance_status",
        "decision__meeting__body",
    )


class OutcomeDetailView(_ParentsDetailView):
    model = AssessmentOutcome
    template_name = "assurance/outcome_detail.html"
    select_related = (
        "assessment__sec_user__organisation",
        "compliance_status",
        "decision__meeting__body",
    )


# --- Findings ------------------------------------------------------------------------------


class FindingListView(_ParentsListView):
    model = Finding
    template_name = "assurance/finding_list.html"
    filterset_class = lists.FindingFilters
    table_class = lists.FindingTable

    select_related = ("assessment__sec_user__organisation",)


class FindingDetailView(_ParentsDetailView):
    model = Finding
    template_name = "assurance/finding_detail.html"
    select_related = ("assessment__sec_user__organisation",)


class FindingFormView(ServiceFormView):
    model = Finding
    form_class = FindingForm
    create = services.finding_create
    update = services.finding_update
    update_arg = "finding"
    inherit_distribution = True

    def get_object(self) -> Finding | None:
        if "assessment_pk" in self.kwargs:
            # the assessment in the address first: hidden, missing and not run by the user all
            # 404, before the form's own permission check (a 403 would tell them apart)
            self.assessment()
            return None
        return super().get_object()

    def assessment(self) -> UserSecurityAssessment:
        obj = get_visible_or_404(
            UserSecurityAssessment, self.request.user, pk=self.kwargs["assessment_pk"]
        )
        if obj.owning_body_id not in managed_body_ids(self.request.user):
            raise Http404("No such record.")
        return obj

    def changes(self, form: ClassifiedForm, obj: Finding | None) -> dict[str, Any]:
        data = form.changes()
        if obj is not None:
            return data
        data.pop("closed_on", None)
        return {"assessment": self.assessment(), **data}


# --- Director's Letters --------------------------------------------------------------------


class LetterListView(_ParentsListView):
    model = DirectorsLetter
    template_name = "assurance/letter_list.html"
    filterset_class = lists.LetterFilters
    table_class = lists.LetterTable
    select_related = ("sec_user__organisation", "assessment", "decision__meeting__body")


class LetterDetailView(_ParentsDetailView):
    model = DirectorsLetter
    template_name = "assurance/letter_detail.html"
    select_related = ("sec_user__organisation", "assessment", "decision__meeting__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_review"] = policies.can_review_letter(self.request.user, self.object)
        return ctx


class LetterFormView(ServiceFormView):
    model = DirectorsLetter
    form_class = LetterForm
    create = services.letter_create
    update = services.letter_update
    update_arg = "letter"
    inherit_distribution = True

    def initial(self, obj: Any) -> dict[str, Any]:
        return _user_initial(self.request)


class LetterReviewView(_PlainFormView):
    model = DirectorsLetter
    title = "Record the SSC's review"

    def get_object(self) -> Any:
        obj = super().get_object()
        if not policies.can_review_letter(self.request.user, obj):
            raise PermissionDenied("This letter has already been reviewed.")
        return obj

    form_class = LetterReviewForm

    def form_kwargs(self, obj: DirectorsLetter) -> dict[str, Any]:
        return {"letter": obj}

    def save(self, form: LetterReviewForm, obj: DirectorsLetter) -> DirectorsLetter:
        data = form.cleaned_data
        return services.letter_review(
            actor=self.request.user,
            letter=obj,
            approved=data["approved"],
            meeting=data.get("meeting"),
            reviewed_on=data.get("reviewed_on"),
            reason=data.get("reason", ""),
        )
