"""Thin views over documents selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.parents import visible_parent
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.selectors import get_visible_or_404
from secpanel.documents import lists, selectors, services
from secpanel.documents.forms import (
    ConsultationForm,
    DocumentForm,
    RespondentForm,
    ResponseForm,
    SummaryForm,
    VersionForm,
)
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.documents.policies import is_own_response, respondent_organisation
from secpanel.web import conflicts
from secpanel.web.registers import (
    RegisterDetailView,
    RegisterFormView,
    RegisterTransitionView,
)
from secpanel.web.views import ClassifiedListView, ServiceFormView


class DocumentListView(ClassifiedListView):
    model = ControlledDocument
    template_name = "documents/document_list.html"
    filterset_class = lists.DocumentFilters
    table_class = lists.DocumentTable
    select_related = ("owning_body",)


class DocumentDetailView(RegisterDetailView):
    model = ControlledDocument
    template_name = "documents/document_detail.html"

    def related(self, obj: ControlledDocument) -> dict[str, Any]:
        return {"versions": selectors.versions_of(self.request.user, obj)}


class DocumentFormView(RegisterFormView):
    model = ControlledDocument
    form_class = DocumentForm
    create = services.document_create


class VersionDetailView(RegisterDetailView):
    model = DocumentVersion
    template_name = "documents/version_detail.html"
    machine = services.VERSION_TRANSITIONS
    parents = {"document": "document", "approval": "approved_by_decision"}
    select_related = ("owning_body",)

    def related(self, obj: DocumentVersion) -> dict[str, Any]:
        return {"consultations": selectors.consultations_of(self.request.user, obj)}


class VersionFormView(RegisterFormView):
    model = DocumentVersion
    form_class = VersionForm
    create = services.version_create
    prefill = ("document",)


class VersionTransitionView(RegisterTransitionView):
    model = DocumentVersion
    service = services.version_transition


class ConsultationListView(ClassifiedListView):
    model = Consultation
    template_name = "documents/consultation_list.html"
    filterset_class = lists.ConsultationFilters
    table_class = lists.ConsultationTable
    select_related = ("owning_body",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = datetime.date.today()
        return ctx


class ConsultationDetailView(RegisterDetailView):
    model = Consultation
    template_name = "documents/consultation_detail.html"
    machine = services.CONSULTATION_TRANSITIONS
    parents = {"version": "document_version", "document": "document_version__document"}
    select_related = ("owning_body",)

    def related(self, obj: Consultation) -> dict[str, Any]:
        return {"responses": selectors.responses_to(self.request.user, obj)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        ctx["takes_responses"] = obj.takes_responses_on(timezone.localdate())
        ctx["may_publish_summary"] = ctx["can_edit"] and not ctx["takes_responses"]
        # A Party's person (not the body's secretariat): their organisation's response, and
        # whether they may submit one (decisions/0018). Nobody else pays for the look-up.
        ctx["respondent"] = None if ctx["can_edit"] else respondent_organisation(user)
        if ctx["respondent"] is not None:
            ctx["own_response"] = selectors.own_response(user, obj)
        return ctx


class ConsultationFormView(RegisterFormView):
    model = Consultation
    form_class = ConsultationForm
    create = services.consultation_create
    prefill = ("document_version",)


class ConsultationTransitionView(RegisterTransitionView):
    model = Consultation
    service = services.consultation_transition


class ConsultationSummaryView(ServiceFormView):
    """The secretariat publishes the summary of responses (and the responses not marked
    confidential) once the deadline has passed: `consultation_summary_publish`."""

    model = Consultation
    form_class = SummaryForm
    title = "Publish the summary of responses"
    success_message = "Published the summary of responses to {saved}."

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def initial(self, obj: Consultation) -> dict[str, Any]:
        return {"response_summary": obj.response_summary, "publish_responses": True}

    def get_form(self, obj: Consultation, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        # publishing again replaces the summary: not over a colleague's newer one
        conflicts.attach(form, obj)
        return form

    def save(self, form: Any, obj: Consultation) -> Consultation:
        data = form.cleaned_data
        return services.consultation_summary_publish(
            actor=self.request.user,
            consultation=obj,
            summary=data["response_summary"],
            publish_responses=data["publish_responses"],
            reason=data["reason"],
        )


class ResponseDetailView(RegisterDetailView):
    model = ConsultationResponse
    template_name = "documents/response_detail.html"
    parents = {"consultation": "consultation"}
    select_related = ("owning_body", "respondent", "submitted_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        own = obj.submitted_by_id is not None and not ctx["can_edit"]
        ctx["is_own"] = own and is_own_response(self.request.user, obj)
        consultation = ctx.get("consultation")
        ctx["may_change"] = (
            ctx["is_own"]
            and consultation is not None
            and consultation.takes_responses_on(timezone.localdate())
        )
        return ctx


class RespondentFormMixin(ServiceFormView):
    """The respondent's side of a response's form (decisions/0018): `RespondentForm`, the
    services `consultation_response_submit` / `_edit` (which check the window and the
    organisation again, in their transaction), and its own page, `documents/respond.html`."""

    #: the consultation the address names (the respond page); None: the form's field says
    consultation: Consultation | None = None

    def respondent_may_write(self, obj: ConsultationResponse | None) -> bool:
        user = self.request.user
        if respondent_organisation(user) is None:
            self.refused = services.NOT_A_RESPONDENT
            return False
        if obj is not None and not is_own_response(user, obj):
            self.refused = (
                "Your organisation's response was recorded by the secretariat: ask it to change it."
                if obj.submitted_by_id is None
                and obj.respondent_id == getattr(user, "organisation_id", None)
                else services.NOT_YOURS
            )
            return False
        return True

    def respondent_form(
        self, obj: ConsultationResponse | None, data: Any = None, files: Any = None
    ) -> RespondentForm:
        initial: dict[str, Any] = {}
        if obj is not None:
            initial = {"summary": obj.summary, "confidential": obj.confidential}
        elif self.consultation is None and self.request.GET.get("consultation", "").isdigit():
            initial = {"consultation": self.request.GET["consultation"]}
        form = RespondentForm(
            data,
            files,
            user=self.request.user,
            consultation=self.consultation,
            editing=obj is not None,
            initial=initial,
        )
        if obj is not None:
            conflicts.attach(form, obj)  # no lost update between colleagues (web.conflicts)
        return form

    def respondent_save(
        self, form: RespondentForm, obj: ConsultationResponse | None
    ) -> ConsultationResponse:
        data = form.cleaned_data
        if obj is None:
            return services.consultation_response_submit(
                actor=self.request.user,
                consultation=self.consultation or data["consultation"],
                summary=data["summary"],
                confidential=data["confidential"],
                reason=data["reason"],
            )
        return services.consultation_response_edit(
            actor=self.request.user,
            response=obj,
            summary=data["summary"],
            confidential=data["confidential"],
            reason=data["reason"],
        )

    def respondent_page(self, form: RespondentForm, obj: ConsultationResponse | None) -> Any:
        user = self.request.user
        consultation = self.consultation
        if consultation is None and obj is not None:
            consultation = visible_parent(user, obj, "consultation")
        ctx = {
            "form": form,
            "object": obj,
            "consultation": consultation,
            "organisation": respondent_organisation(user),
            "takes_responses": consultation is None
            or consultation.takes_responses_on(timezone.localdate()),
            "page_classification": Classification.high_water(
                [
                    getattr(obj, "classification", None),
                    getattr(consultation, "classification", None),
                    form.choices_level(),
                ]
            ),
        }
        return render(self.request, "documents/respond.html", ctx)


class ResponseFormView(RespondentFormMixin, RegisterFormView):
    """The secretariat records and edits responses (`response_record`, `classified_update`);
    a SEC Party's person who runs no body's secretariat submits and changes their own
    organisation's response here too, with the respondent's form (the API's POST and PATCH of
    `consultation-responses` come here: decisions/0011, 0018)."""

    model = ConsultationResponse
    form_class = ResponseForm
    create = services.response_record
    prefill = ("consultation",)

    def as_respondent(self, obj: ConsultationResponse | None) -> bool:
        user = self.request.user
        if obj is None:
            return not managed_body_ids(user)
        return not can_manage_body(user, obj.owning_body_id)

    def may_write(self, obj: Any) -> bool:
        if self.as_respondent(obj):
            return self.respondent_may_write(obj)
        return super().may_write(obj)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        if self.as_respondent(obj):
            return self.respondent_form(obj, data, files)
        return super().get_form(obj, data, files)

    def save(self, form: Any, obj: Any) -> Any:
        if self.as_respondent(obj):
            return self.respondent_save(form, obj)
        return super().save(form, obj)

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        if self.as_respondent(obj):
            return self.respondent_page(form, obj)
        return super().render_form(form, obj)


class ConsultationRespondView(RespondentFormMixin):
    """`consultations/<pk>/respond/`: a SEC Party's person writes their organisation's
    response to a consultation they may read (404 for hidden and missing alike), or changes
    the one it already submitted, until the deadline."""

    model = Consultation
    form_class = RespondentForm
    partial_name = None

    def get_object(self) -> ConsultationResponse | None:
        user = self.request.user
        self.consultation = get_visible_or_404(Consultation, user, pk=self.kwargs["pk"])
        return selectors.own_response(user, self.consultation)

    def may_write(self, obj: Any) -> bool:
        return self.respondent_may_write(obj)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return self.respondent_form(obj, data, files)

    def save(self, form: Any, obj: Any) -> Any:
        return self.respondent_save(form, obj)

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        return self.respondent_page(form, obj)
