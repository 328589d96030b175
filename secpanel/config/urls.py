from django.contrib import admin
from django.urls import include, path

from secpanel.accounts import views as account_views

handler400 = "secpanel.core.views.bad_request"
handler404 = "secpanel.core.views.not_found"

urlpatterns = [
    path("", include("secpanel.portal.urls")),  # home, bodies/
    path("accounts/", include("allauth.urls")),
    # the admin signs in through allauth (TOTP, lockout): docs/decisions/0004
    path("admin/login/", account_views.admin_login),
    path("admin/password_change/", account_views.admin_password_change),
    path("admin/r/<path:rest>", account_views.admin_view_on_site),
    path("admin/", admin.site.urls),
    path("", include("secpanel.core.urls")),
    path("", include("secpanel.meetings.urls")),
    path("modifications/", include("secpanel.modifications.urls")),
    path("assurance/", include("secpanel.assurance.urls")),
    path("documents/", include("secpanel.documents.urls")),
    path("testing/", include("secpanel.programmes.urls")),
    path("smki/", include("secpanel.smki.urls")),
    path("operations/", include("secpanel.operations.urls")),
    path("reports/", include("secpanel.reports.urls")),
    path("api/", include("secpanel.api.urls")),
    path("notifications/", include("secpanel.notifications.urls")),
    path("search/", include("secpanel.search.urls")),
    # calendar.ics, bodies/<code>/calendar.ics, meetings/<pk>/calendar.ics, feeds/
    path("", include("secpanel.feeds.urls")),
]
