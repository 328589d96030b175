from __future__ import annotations

from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.documents.registers import RegisterForm


class DocumentForm(RegisterForm):
    class Meta:
        model = ControlledDocument
        fields = [
            "owning_body",
            "title",
            "short_name",
            "description",
            "public_url",
            "classification",
            "red_distribution",
        ]


class VersionForm(RegisterForm):
    class Meta:
        model = DocumentVersion
        fields = [
            "document",
            "owning_body",
            "version",
            "issued_on",
            "summary",
            "classification",
            "red_distribution",
        ]


class ConsultationForm(RegisterForm):
    class Meta:
        model = Consultation
        fields = [
            "owning_body",
            "title",
            "kind",
            "document_version",
            "modification_ref",
            "opens_on",
            "closes_on",
            "outcome",
            "public_url",
            "classification",
            "red_distribution",
        ]


class ResponseForm(RegisterForm):
    class Meta:
        model = ConsultationResponse
        fields = [
            "consultation",
            "owning_body",
            "respondent",
            "respondent_name",
            "received_on",
            "summary",
            "classification",
            "red_distribution",
        ]
