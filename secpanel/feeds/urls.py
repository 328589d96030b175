from django.urls import path

from secpanel.feeds import atom, views

app_name = "feeds"
urlpatterns = [
    path("calendar.ics", views.public_calendar, name="public_calendar"),
    path("bodies/<slug:code>/calendar.ics", views.body_calendar, name="body_calendar"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("feeds/", views.index, name="index"),
    path("feeds/papers.atom", atom.PapersFeed(), name="papers_atom"),
    path("feeds/decisions.atom", atom.DecisionsFeed(), name="decisions_atom"),
    path("feeds/modifications.atom", atom.ModificationsFeed(), name="modifications_atom"),
    path("feeds/<str:token>/calendar.ics", views.private_calendar, name="private_calendar"),
    path("feeds/<str:token>/papers.atom", atom.PapersFeed(), name="private_papers_atom"),
    path("feeds/<str:token>/decisions.atom", atom.DecisionsFeed(), name="private_decisions_atom"),
    path(
        "feeds/<str:token>/modifications.atom",
        atom.ModificationsFeed(),
        name="private_modifications_atom",
    ),
]
