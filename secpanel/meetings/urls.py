from django.urls import path

from secpanel.meetings import editing, views

app_name = "meetings"
urlpatterns = [
    # meetings
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/calendar/", views.meeting_calendar, name="calendar"),
    path("meetings/new/", editing.MeetingFormView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", editing.MeetingFormView.as_view(), name="meeting_edit"),
    path(
        "meetings/<int:pk>/step/<slug:name>/",
        editing.MeetingTransitionView.as_view(),
        name="meeting_transition",
    ),
    path(
        "meetings/<int:meeting_pk>/agenda/new/",
        editing.AgendaItemFormView.as_view(),
        name="agenda_item_create",
    ),
    path("agenda/<int:pk>/edit/", editing.AgendaItemFormView.as_view(), name="agenda_item_edit"),
    path(
        "meetings/<int:meeting_pk>/attendance/new/",
        editing.AttendanceFormView.as_view(),
        name="attendance_create",
    ),
    path(
        "meetings/<int:meeting_pk>/minutes/",
        editing.MinutesFormView.as_view(),
        name="minutes_edit",
    ),
    path("minutes/<int:pk>/", views.MinutesDetailView.as_view(), name="minutes_detail"),
    path(
        "minutes/<int:pk>/step/<slug:name>/",
        editing.MinutesTransitionView.as_view(),
        name="minutes_transition",
    ),
    path("business/<slug:code>/", views.body_home, name="body_home"),
    # decisions
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/new/", editing.DecisionFormView.as_view(), name="decision_create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", editing.DecisionFormView.as_view(), name="decision_edit"),
    # actions
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("actions/new/", editing.ActionFormView.as_view(), name="action_create"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", editing.ActionFormView.as_view(), name="action_edit"),
    path(
        "actions/<int:pk>/step/<slug:name>/",
        editing.ActionTransitionView.as_view(),
        name="action_transition",
    ),
    # papers
    path("papers/", views.PaperListView.as_view(), name="paper_list"),
    path("papers/new/", editing.PaperFormView.as_view(), name="paper_create"),
    path("papers/<int:pk>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("papers/<int:pk>/edit/", editing.PaperFormView.as_view(), name="paper_edit"),
    path(
        "papers/<int:pk>/step/<slug:name>/",
        editing.PaperTransitionView.as_view(),
        name="paper_transition",
    ),
    path(
        "papers/<int:paper_pk>/recommendations/new/",
        editing.RecommendationFormView.as_view(),
        name="recommendation_create",
    ),
    path(
        "papers/<int:paper_pk>/appendices/new/",
        editing.AppendixFormView.as_view(),
        name="appendix_create",
    ),
    path(
        "papers/<int:paper_pk>/versions/new/",
        editing.PaperVersionFormView.as_view(),
        name="paper_version_create",
    ),
    path(
        "papers/versions/<int:pk>/download/",
        views.paper_version_download,
        name="paper_version_download",
    ),
    path("appendices/<int:pk>/", views.AppendixDetailView.as_view(), name="appendix_detail"),
    # highlights
    path("highlights/", views.HighlightListView.as_view(), name="highlight_list"),
    path("highlights/new/", editing.HighlightFormView.as_view(), name="highlight_create"),
    path("highlights/<int:pk>/", views.HighlightDetailView.as_view(), name="highlight_detail"),
    path("highlights/<int:pk>/edit/", editing.HighlightFormView.as_view(), name="highlight_edit"),
]
