"""Thin views over meetings selectors."""

from __future__ import annotations

from django.db.models import QuerySet

from secpanel.core.views import ClassifiedDetailView, ClassifiedListView
from secpanel.meetings.models import Highlight


class HighlightListView(ClassifiedListView):
    model = Highlight
    template_name = "meetings/highlight_list.html"

    def base_queryset(self) -> QuerySet[Highlight]:
        return Highlight.objects.select_related("owning_body")


class HighlightDetailView(ClassifiedDetailView):
    model = Highlight
    template_name = "meetings/highlight_detail.html"

    def base_queryset(self) -> QuerySet[Highlight]:
        return Highlight.objects.select_related("owning_body")
