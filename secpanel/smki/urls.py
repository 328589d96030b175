from django.urls import path

from secpanel.smki import views

app_name = "smki"
urlpatterns = [
    path("", views.ExerciseListView.as_view(), name="exercise_list"),
    path("exercises/new/", views.ExerciseFormView.as_view(), name="exercise_create"),
    path("exercises/<int:pk>/", views.ExerciseDetailView.as_view(), name="exercise_detail"),
    path("exercises/<int:pk>/edit/", views.ExerciseFormView.as_view(), name="exercise_edit"),
    path(
        "exercises/<int:pk>/transition/",
        views.ExerciseTransitionView.as_view(),
        name="exercise_transition",
    ),
    path("custodians/new/", views.CustodianFormView.as_view(), name="custodian_create"),
    path("custodians/<int:pk>/", views.CustodianDetailView.as_view(), name="custodian_detail"),
    path("custodians/<int:pk>/edit/", views.CustodianFormView.as_view(), name="custodian_edit"),
    path(
        "custodians/<int:pk>/transition/",
        views.CustodianTransitionView.as_view(),
        name="custodian_transition",
    ),
]
