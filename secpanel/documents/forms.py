from __future__ import annotations

from secpanel.core.forms import ClassifiedForm
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)


class DocumentForm(ClassifiedForm):
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


class VersionForm(ClassifiedForm):
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


class ConsultationForm(ClassifiedForm):
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


class ResponseForm(ClassifiedForm):
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
