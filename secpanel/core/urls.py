from django.urls import path

from secpanel.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("records/<str:app_label>/<str:model_name>/<int:pk>/", views.record, name="record"),
    path(
        "classification/<str:app_label>/<str:model_name>/<int:pk>/",
        views.classification_edit,
        name="classification_edit",
    ),
    path(
        "classification/<str:app_label>/<str:model_name>/<int:pk>/terms/",
        views.sensitive_terms,
        name="sensitive_terms",
    ),
]
