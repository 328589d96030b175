from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from secpanel.api import views
from secpanel.api.schema import SchemaView

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # one address per resource: JSON only


router = Router()
for name, viewset in views.VIEWSETS.items():
    router.register(name, viewset, basename=name)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    path("tokens/", views.TokenPage.as_view(), name="tokens"),
]
