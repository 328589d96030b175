from django.urls import path

from secpanel.meetings import views

app_name = "meetings"
urlpatterns = [
    path("highlights/", views.HighlightListView.as_view(), name="highlight_list"),
    path("highlights/<int:pk>/", views.HighlightDetailView.as_view(), name="highlight_detail"),
]
