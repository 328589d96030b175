from django.urls import path

from secpanel.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("published/", views.PublishedListView.as_view(), name="published_list"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/recompile/", views.report_recompile, name="report_recompile"),
    path("<int:pk>/<slug:name>/", views.report_transition, name="report_transition"),
]
