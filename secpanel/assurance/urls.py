from django.urls import path

from secpanel.assurance import views

app_name = "assurance"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("users/", views.SecUserListView.as_view(), name="user_list"),
    path("users/new/", views.SecUserFormView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.SecUserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.SecUserFormView.as_view(), name="user_edit"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.AssessmentFormView.as_view(), name="assessment_create"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.AssessmentFormView.as_view(), name="assessment_edit"),
    path(
        "assessments/<int:pk>/move/<slug:name>/",
        views.AssessmentTransitionView.as_view(),
        name="assessment_transition",
    ),
    path("assessments/<int:pk>/outcome/", views.OutcomeFormView.as_view(), name="outcome_create"),
    path(
        "assessments/<int:assessment_pk>/findings/new/",
        views.FindingFormView.as_view(),
        name="finding_create",
    ),
    path("outcomes/", views.OutcomeListView.as_view(), name="outcome_list"),
    path("outcomes/<int:pk>/", views.OutcomeDetailView.as_view(), name="outcome_detail"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/edit/", views.FindingFormView.as_view(), name="finding_edit"),
    path("letters/", views.LetterListView.as_view(), name="letter_list"),
    path("letters/new/", views.LetterFormView.as_view(), name="letter_create"),
    path("letters/<int:pk>/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("letters/<int:pk>/edit/", views.LetterFormView.as_view(), name="letter_edit"),
    path("letters/<int:pk>/review/", views.LetterReviewView.as_view(), name="letter_review"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("rules/", views.RulesView.as_view(), name="rules"),
]
