"""Thin views over documents selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from secpanel.core.services import classified_update
from secpanel.core.views import ClassifiedListView, RecordFormView
from secpanel.documents import selectors, services
from secpanel.documents.forms import ConsultationForm, DocumentForm, ResponseForm, VersionForm
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.documents.registers import RegisterDetailView, TransitionView


def _save(view: RecordFormView, form: Any, instance: Any, create: Any) -> Any:
    data = form.changes()
    reason = form.cleaned_data["reason"]
    distribution = form.cleaned_data.get("red_distribution", [])
    if instance is None:
        return create(actor=view.request.user, reason=reason, distribution=distribution, **data)
    return classified_update(
        actor=view.request.user,
        instance=instance,
        changes=data,
        reason=reason,
        distribution=distribution,
    )


class DocumentListView(ClassifiedListView):
    model = ControlledDocument
    template_name = "documents/document_list.html"

    def base_queryset(self) -> QuerySet[ControlledDocument]:
        return ControlledDocument.objects.select_related("owning_body")


class DocumentDetailView(RegisterDetailView):
    model = ControlledDocument
    template_name = "documents/document_detail.html"

    def related(self, obj: ControlledDocument) -> dict[str, Any]:
        return {"versions": selectors.versions_of(self.request.user, obj)}


class DocumentFormView(RecordFormView):
    model = ControlledDocument
    form_class = DocumentForm

    def save(self, form: DocumentForm, instance: ControlledDocument | None) -> Any:
        return _save(self, form, instance, services.document_create)


class VersionDetailView(RegisterDetailView):
    model = DocumentVersion
    template_name = "documents/version_detail.html"
    machine = services.VERSION_TRANSITIONS
    parents = {"document": "document", "approval": "approved_by_decision"}

    def base_queryset(self) -> QuerySet[DocumentVersion]:
        return DocumentVersion.objects.select_related("owning_body")

    def related(self, obj: DocumentVersion) -> dict[str, Any]:
        return {"consultations": selectors.consultations_of(self.request.user, obj)}


class VersionFormView(RecordFormView):
    model = DocumentVersion
    form_class = VersionForm

    def initial(self) -> dict[str, Any]:
        return {"document": self.request.GET.get("document")}

    def save(self, form: VersionForm, instance: DocumentVersion | None) -> Any:
        if instance is None:
            data = form.changes()
            return services.version_create(
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
                distribution=form.cleaned_data.get("red_distribution", []),
                **data,
            )
        return _save(self, form, instance, None)


class VersionTransitionView(TransitionView):
    model = DocumentVersion
    service = services.version_transition


class ConsultationListView(ClassifiedListView):
    model = Consultation
    template_name = "documents/consultation_list.html"

    def base_queryset(self) -> QuerySet[Consultation]:
        return Consultation.objects.select_related("owning_body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = datetime.date.today()
        return ctx


class ConsultationDetailView(RegisterDetailView):
    model = Consultation
    template_name = "documents/consultation_detail.html"
    machine = services.CONSULTATION_TRANSITIONS
    parents = {"version": "document_version"}

    def base_queryset(self) -> QuerySet[Consultation]:
        return Consultation.objects.select_related("owning_body")

    def related(self, obj: Consultation) -> dict[str, Any]:
        return {"responses": selectors.responses_to(self.request.user, obj)}


class ConsultationFormView(RecordFormView):
    model = Consultation
    form_class = ConsultationForm

    def initial(self) -> dict[str, Any]:
        return {"document_version": self.request.GET.get("version")}

    def save(self, form: ConsultationForm, instance: Consultation | None) -> Any:
        return _save(self, form, instance, services.consultation_create)


class ConsultationTransitionView(TransitionView):
    model = Consultation
    service = services.consultation_transition


class ResponseDetailView(RegisterDetailView):
    model = ConsultationResponse
    template_name = "documents/response_detail.html"
    parents = {"consultation": "consultation"}

    def base_queryset(self) -> QuerySet[ConsultationResponse]:
        return ConsultationResponse.objects.select_related("owning_body", "respondent")


class ResponseFormView(RecordFormView):
    model = ConsultationResponse
    form_class = ResponseForm

    def initial(self) -> dict[str, Any]:
        return {"consultation": self.request.GET.get("consultation")}

    def save(self, form: ResponseForm, instance: ConsultationResponse | None) -> Any:
        return _save(self, form, instance, services.response_record)
