from django.urls import path

from secpanel.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("new/", views.DocumentFormView.as_view(), name="document_create"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("<int:pk>/edit/", views.DocumentFormView.as_view(), name="document_edit"),
    path("versions/new/", views.VersionFormView.as_view(), name="version_create"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("versions/<int:pk>/edit/", views.VersionFormView.as_view(), name="version_edit"),
    path(
        "versions/<int:pk>/transition/",
        views.VersionTransitionView.as_view(),
        name="version_transition",
    ),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path("consultations/new/", views.ConsultationFormView.as_view(), name="consultation_create"),
    path(
        "consultations/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/edit/",
        views.ConsultationFormView.as_view(),
        name="consultation_edit",
    ),
    path(
        "consultations/<int:pk>/transition/",
        views.ConsultationTransitionView.as_view(),
        name="consultation_transition",
    ),
    path(
        "consultations/<int:pk>/respond/",
        views.ConsultationRespondView.as_view(),
        name="consultation_respond",
    ),
    path(
        "consultations/<int:pk>/summary/",
        views.ConsultationSummaryView.as_view(),
        name="consultation_summary",
    ),
    path("responses/new/", views.ResponseFormView.as_view(), name="response_create"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response_detail"),
    path("responses/<int:pk>/edit/", views.ResponseFormView.as_view(), name="response_edit"),
]
