from django.urls import path, register_converter

from secpanel.modifications import views


class ReferenceConverter:
    """A modification reference in a URL: SECMP0024, MP071, MP102A, DP266 (any case)."""

    regex = r"(?:[Ss][Ee][Cc][Mm][Pp]\d{4}|[Mm][Pp]\d{3}[A-Za-z]?|[Dd][Pp]\d{3})"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "modref")

app_name = "modifications"
urlpatterns = [
    path("", views.ModificationListView.as_view(), name="modification_list"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("new/", views.ModificationFormView.as_view(), name="modification_create"),
    path("releases/", views.release_list, name="release_list"),
    path("releases/new/", views.ReleaseFormView.as_view(), name="release_create"),
    path("releases/<slug:slug>/", views.release_detail, name="release_detail"),
    path("releases/<slug:slug>/edit/", views.ReleaseFormView.as_view(), name="release_edit"),
    path("<modref:reference>/", views.ModificationDetailView.as_view(), name="modification_detail"),
    path(
        "<modref:reference>/edit/",
        views.ModificationFormView.as_view(),
        name="modification_edit",
    ),
    path(
        "<modref:reference>/stage/<slug:name>/",
        views.TransitionView.as_view(),
        name="modification_transition",
    ),
    path(
        "<modref:reference>/schedule/",
        views.RescheduleView.as_view(),
        name="modification_reschedule",
    ),
    path("<modref:reference>/hold/", views.HoldView.as_view(), name="modification_hold"),
    path("<modref:reference>/advice/", views.AdviceView.as_view(), name="advice_create"),
    path(
        "<modref:reference>/timeline/<int:event>/withdraw/",
        views.WithdrawEntryView.as_view(),
        name="modification_entry_withdraw",
    ),
    path(
        "<modref:reference>/milestone/",
        views.MilestoneView.as_view(),
        name="modification_milestone",
    ),
]
