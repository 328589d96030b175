"""The register's record pages: Users, assessments, outcomes, findings, Director's Letters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from secpanel.assurance import policies, selectors, services
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
    AssessmentType,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.assurance.views.common import (
    _high_water,
    _PlainFormView,
    _with_parents,
)
from secpanel.core.forms import ClassifiedForm
from secpanel.core.params import choice_param, int_param, text_param
from secpanel.core.policy import managed_body_ids
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.views import ClassifiedDetailView, ClassifiedListView, RecordFormView


def _user_initial(request: HttpRequest) -> dict[str, Any]:
    """`?user=<pk>` preselects the User on a new assessment or letter."""
    pk = int_param(request, "user", None)
    return {"sec_user": pk} if pk is not None else {}


class _ParentsListView(ClassifiedListView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        _with_parents(ctx, self.request.user, ctx["object_list"])
        return ctx


class _ParentsDetailView(ClassifiedDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        _with_parents(ctx, self.request.user, [self.object])
        return ctx


# --- Users -------------------------------------------------------------------------------


class SecUserListView(ClassifiedListView):
    model = SecUser
    template_name = "assurance/user_list.html"

    def base_queryset(self) -> QuerySet[SecUser]:
        return SecUser.objects.select_related("organisation", "owning_body")


class SecUserDetailView(ClassifiedDetailView):
    model = SecUser
    template_name = "assurance/user_detail.html"

    def base_queryset(self) -> QuerySet[SecUser]:
        return SecUser.objects.select_related("organisation", "owning_body")

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


class SecUserFormView(RecordFormView):
    model = SecUser
    form_class = SecUserForm

    def save(self, form: ClassifiedForm, instance: SecUser | None) -> SecUser:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.sec_user_create(
                actor=self.request.user, reason=reason, distribution=distribution, **data
            )
        return services.sec_user_update(
            actor=self.request.user,
            sec_user=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


# --- Assessments -------------------------------------------------------------------------


class AssessmentListView(_ParentsListView):
    model = UserSecurityAssessment
    template_name = "assurance/assessment_list.html"

    def base_queryset(self) -> QuerySet[UserSecurityAssessment]:
        qs = UserSecurityAssessment.objects.select_related("sec_user__organisation", "owning_body")
        kind = choice_param(self.request, "type", AssessmentType.values, "")
        if kind:
            qs = qs.filter(assessment_type=kind)
        return qs


class AssessmentDetailView(_ParentsDetailView):
    model = UserSecurityAssessment
    template_name = "assurance/assessment_detail.html"

    def base_queryset(self) -> QuerySet[UserSecurityAssessment]:
        return UserSecurityAssessment.objects.select_related(
            "sec_user__organisation", "owning_body"
        )

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


class AssessmentFormView(RecordFormView):
    model = UserSecurityAssessment
    form_class = AssessmentForm

    def initial(self) -> dict[str, Any]:
        return _user_initial(self.request)

    def save(
        self, form: ClassifiedForm, instance: UserSecurityAssessment | None
    ) -> UserSecurityAssessment:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.assessment_create(
                actor=self.request.user, reason=reason, distribution=distribution, **data
            )
        return services.assessment_update(
            actor=self.request.user,
            assessment=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


class AssessmentTransitionView(LoginRequiredMixin, View):
    """POST: move an assessment on (start fieldwork, report issued, response received…).

    A date or reason the form refuses is not a move: the form comes back with the error on
    its field (posting to this same address), and nothing is written."""

    def post(self, request: HttpRequest, pk: int, name: str) -> HttpResponse:
        obj = get_visible_or_404(UserSecurityAssessment, request.user, pk=pk)
        if name not in policies.TRANSITIONS:
            raise Http404("No such step.")
        form = TransitionForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "core/record_form.html",
                {
                    "form": form,
                    "object": obj,
                    "title": f"{policies.TRANSITIONS[name].label}: {obj}",
                    "page_classification": obj.classification,
                },
            )
        on = form.cleaned_data["on"]
        reason = form.cleaned_data["reason"]
        try:
            services.assessment_transition(
                actor=request.user, obj=obj, name=name, reason=reason, on=on
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{policies.TRANSITIONS[name].label}.")
        return redirect(obj.get_absolute_url())


class OutcomeFormView(_PlainFormView):
    model = UserSecurityAssessment
    title = "Record the SSC's outcome"

    def get_object(self) -> Any:
        obj = super().get_object()
        if not policies.can_set_outcome(self.request.user, obj):
            messages.error(self.request, "This assessment is not awaiting the SSC's outcome.")
            raise PermissionDenied("This assessment is not awaiting the SSC's outcome.")
        return obj

    def make_form(self, obj: Any, data: Any = None) -> OutcomeForm:
        return OutcomeForm(data, assessment=obj)

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

    def base_queryset(self) -> QuerySet[AssessmentOutcome]:
        return AssessmentOutcome.objects.select_related(
            "assessment__sec_user__organisation", "compliance_status", "decision__meeting__body"
        )


class OutcomeDetailView(_ParentsDetailView):
    model = AssessmentOutcome
    template_name = "assurance/outcome_detail.html"

    def base_queryset(self) -> QuerySet[AssessmentOutcome]:
        return AssessmentOutcome.objects.select_related(
            "assessment__sec_user__organisation", "compliance_status", "decision__meeting__body"
        )


# --- Findings ------------------------------------------------------------------------------


class FindingListView(_ParentsListView):
    model = Finding
    template_name = "assurance/finding_list.html"

    def base_queryset(self) -> QuerySet[Finding]:
        qs = Finding.objects.select_related("assessment__sec_user__organisation")
        if text_param(self.request, "open", max_length=10):
            qs = qs.filter(closed_on__isnull=True)
        return qs


class FindingDetailView(_ParentsDetailView):
    model = Finding
    template_name = "assurance/finding_detail.html"

    def base_queryset(self) -> QuerySet[Finding]:
        return Finding.objects.select_related("assessment__sec_user__organisation")


class FindingFormView(RecordFormView):
    model = Finding
    form_class = FindingForm

    def get_instance(self) -> Finding | None:
        if "assessment_pk" in self.kwargs:
            # the assessment in the address first: hidden, missing and not run by the user all
            # 404, before the form's own permission check (a 403 would tell them apart)
            self.assessment()
            return None
        return super().get_instance()

    def assessment(self) -> UserSecurityAssessment:
        obj = get_visible_or_404(
            UserSecurityAssessment, self.request.user, pk=self.kwargs["assessment_pk"]
        )
        if obj.owning_body_id not in managed_body_ids(self.request.user):
            raise Http404("No such record.")
        return obj

    def save(self, form: ClassifiedForm, instance: Finding | None) -> Finding:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.finding_create(
                actor=self.request.user,
                assessment=self.assessment(),
                reason=reason,
                distribution=distribution or None,
                **{k: v for k, v in data.items() if k != "closed_on"},
            )
        return services.finding_update(
            actor=self.request.user,
            finding=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


# --- Director's Letters --------------------------------------------------------------------


class LetterListView(_ParentsListView):
    model = DirectorsLetter
    template_name = "assurance/letter_list.html"

    def base_queryset(self) -> QuerySet[DirectorsLetter]:
        return DirectorsLetter.objects.select_related(
            "sec_user__organisation", "assessment", "decision__meeting__body"
        )


class LetterDetailView(_ParentsDetailView):
    model = DirectorsLetter
    template_name = "assurance/letter_detail.html"

    def base_queryset(self) -> QuerySet[DirectorsLetter]:
        return DirectorsLetter.objects.select_related(
            "sec_user__organisation", "assessment", "decision__meeting__body"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_review"] = policies.can_review_letter(self.request.user, self.object)
        return ctx


class LetterFormView(RecordFormView):
    model = DirectorsLetter
    form_class = LetterForm

    def initial(self) -> dict[str, Any]:
        return _user_initial(self.request)

    def save(self, form: ClassifiedForm, instance: DirectorsLetter | None) -> DirectorsLetter:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.letter_create(
                actor=self.request.user,
                reason=reason,
                distribution=distribution or None,
                **data,
            )
        return services.letter_update(
            actor=self.request.user,
            letter=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


class LetterReviewView(_PlainFormView):
    model = DirectorsLetter
    title = "Record the SSC's review"

    def get_object(self) -> Any:
        obj = super().get_object()
        if not policies.can_review_letter(self.request.user, obj):
            raise PermissionDenied("This letter has already been reviewed.")
        return obj

    def make_form(self, obj: Any, data: Any = None) -> LetterReviewForm:
        return LetterReviewForm(data, letter=obj)

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
