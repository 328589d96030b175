from django.contrib import admin
from django.urls import include, path

from secpanel.core import views as core_views

handler404 = "secpanel.core.views.not_found"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("secpanel.core.urls")),
    path("bodies/", include("secpanel.bodies.urls")),
    path("", include("secpanel.meetings.urls")),
    path("modifications/", include("secpanel.modifications.urls")),
    path("assurance/", include("secpanel.assurance.urls")),
    path("documents/", include("secpanel.documents.urls")),
    path("testing/", include("secpanel.testing.urls")),
    path("smki/", include("secpanel.smki.urls")),
    path("operations/", include("secpanel.operations.urls")),
    path("reports/", include("secpanel.reports.urls")),
]
