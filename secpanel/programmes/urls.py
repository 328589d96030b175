from django.urls import path

from secpanel.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme_list"),
    path("new/", views.ProgrammeFormView.as_view(), name="programme_create"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme_edit"),
    path("phases/new/", views.PhaseFormView.as_view(), name="phase_create"),
    path("phases/<int:pk>/", views.PhaseDetailView.as_view(), name="phase_detail"),
    path("phases/<int:pk>/edit/", views.PhaseFormView.as_view(), name="phase_edit"),
    path(
        "phases/<int:pk>/transition/",
        views.PhaseTransitionView.as_view(),
        name="phase_transition",
    ),
    path("criteria/new/", views.CriterionFormView.as_view(), name="criterion_create"),
    path("criteria/<int:pk>/", views.CriterionDetailView.as_view(), name="criterion_detail"),
    path("criteria/<int:pk>/edit/", views.CriterionFormView.as_view(), name="criterion_edit"),
    path(
        "criteria/<int:pk>/transition/",
        views.CriterionTransitionView.as_view(),
        name="criterion_transition",
    ),
    path("dmcs/", views.DmcListView.as_view(), name="dmc_list"),
    path("dmcs/new/", views.DmcFormView.as_view(), name="dmc_create"),
    path("dmcs/<int:pk>/", views.DmcDetailView.as_view(), name="dmc_detail"),
    path("dmcs/<int:pk>/edit/", views.DmcFormView.as_view(), name="dmc_edit"),
    path("dmcs/<int:pk>/transition/", views.DmcTransitionView.as_view(), name="dmc_transition"),
]
