"""Thin views over documents selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from secpanel.documents import selectors, services
from secpanel.documents.forms import ConsultationForm, DocumentForm, ResponseForm, VersionForm
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.web.registers import (
    RegisterDetailView,
    RegisterFormView,
    RegisterTransitionView,
)
from secpanel.web.views import ClassifiedListView


class DocumentListView(ClassifiedListView):
    model = ControlledDocument
    template_name = "documents/document_list.html"
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


class ConsultationFormView(RegisterFormView):
    model = Consultation
    form_class = ConsultationForm
    create = services.consultation_create
    prefill = ("document_version",)


class ConsultationTransitionView(RegisterTransitionView):
    model = Consultation
    service = services.consultation_transition


class ResponseDetailView(RegisterDetailView):
    model = ConsultationResponse
    template_name = "documents/response_detail.html"
    parents = {"consultation": "consultation"}
    select_related = ("owning_body", "respondent")


class ResponseFormView(RegisterFormView):
    model = ConsultationResponse
    form_class = ResponseForm
    create = services.response_record
    prefill = ("consultation",)
