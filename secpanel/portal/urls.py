from django.urls import include, path

from secpanel.portal import views

# The body pages keep the names every template links them by (`bodies:body_list`,
# `bodies:body_detail`) and their addresses under /bodies/.
body_patterns = (
    [
        path("", views.body_list, name="body_list"),
        path("<slug:code>/", views.body_detail, name="body_detail"),
    ],
    "bodies",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", include(body_patterns)),
]
