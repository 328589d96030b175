from django.urls import path

from secpanel.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/new/", views.IncidentFormView.as_view(), name="incident_create"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.IncidentFormView.as_view(), name="incident_edit"),
    path(
        "incidents/<int:pk>/transition/",
        views.IncidentTransitionView.as_view(),
        name="incident_transition",
    ),
    path("performance/", views.PerformanceListView.as_view(), name="performance_list"),
    path("performance/new/", views.PerformanceFormView.as_view(), name="performance_create"),
    path("performance/<int:pk>/", views.PerformanceDetailView.as_view(), name="performance_detail"),
    path(
        "performance/<int:pk>/edit/", views.PerformanceFormView.as_view(), name="performance_edit"
    ),
    path(
        "performance/<int:pk>/transition/",
        views.PerformanceTransitionView.as_view(),
        name="performance_transition",
    ),
    path("forecasts/", views.ForecastListView.as_view(), name="forecast_list"),
    path("forecasts/new/", views.ForecastFormView.as_view(), name="forecast_create"),
    path("forecasts/<int:pk>/", views.ForecastDetailView.as_view(), name="forecast_detail"),
    path("forecasts/<int:pk>/edit/", views.ForecastFormView.as_view(), name="forecast_edit"),
    path(
        "forecasts/<int:pk>/transition/",
        views.ForecastTransitionView.as_view(),
        name="forecast_transition",
    ),
]
