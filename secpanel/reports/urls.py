from django.urls import path

from secpanel.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("new/", views.ReportCreateView.as_view(), name="report_create"),
    path("published/", views.PublishedListView.as_view(), name="published_list"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/recompile/", views.report_recompile, name="report_recompile"),
    path("<int:pk>/compare/", views.report_compare, name="report_compare"),
    path("<int:pk>/restore/<int:number>/", views.report_restore, name="report_restore"),
    path("<int:pk>/edits/<slug:block>/<slug:how>/", views.edit_settle, name="report_edit_settle"),
    path("<int:pk>/<slug:name>/", views.ReportTransitionView.as_view(), name="report_transition"),
]
