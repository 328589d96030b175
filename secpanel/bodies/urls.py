from django.urls import path

from secpanel.bodies import views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("<slug:code>/", views.body_detail, name="body_detail"),
]
