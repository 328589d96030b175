from django.urls import path

from secpanel.notifications import views

app_name = "notifications"
urlpatterns = [
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("unsubscribe/<str:key>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path(
        "follow/modifications/<str:reference>/",
        views.FollowModificationView.as_view(),
        name="follow_modification",
    ),
    path(
        "follow/consultations/<int:pk>/",
        views.FollowConsultationView.as_view(),
        name="follow_consultation",
    ),
    path("follow/bodies/<slug:code>/", views.FollowBodyView.as_view(), name="follow_body"),
]
