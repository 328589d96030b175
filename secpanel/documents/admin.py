from django.contrib import admin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)


@admin.register(ControlledDocument)
class ControlledDocumentAdmin(ClassifiedAdmin):
    list_display = ("title", "short_name", "owning_body", "classification")
    list_filter = ("owning_body", "classification")


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ClassifiedAdmin):
    list_display = ("__str__", "status", "issued_on", "approved_on", "classification")
    list_filter = ("status", "classification")


@admin.register(Consultation)
class ConsultationAdmin(ClassifiedAdmin):
    list_display = ("title", "kind", "closes_on", "status", "owning_body", "classification")
    list_filter = ("kind", "status", "classification")


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(ClassifiedAdmin):
    list_display = ("__str__", "received_on", "classification")
    list_filter = ("classification",)
