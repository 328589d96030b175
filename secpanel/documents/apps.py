from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Controlled documents with versions, approvals, industry reviews and consultations."""

    name = "secpanel.documents"
    label = "documents"
    verbose_name = "Documents and consultations"
    nav_items = [("Documents", "documents:document_list")]
