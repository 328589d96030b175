from django.urls import path

from secpanel.meetings import views

app_name = "meetings"
urlpatterns = [
    path("highlights/", views.HighlightListView.as_view(), name="highlight_list"),
    path("highlights/new/", views.HighlightFormView.as_view(), name="highlight_create"),
    path("highlights/<int:pk>/", views.HighlightDetailView.as_view(), name="highlight_detail"),
    path("highlights/<int:pk>/edit/", views.HighlightFormView.as_view(), name="highlight_edit"),
]
