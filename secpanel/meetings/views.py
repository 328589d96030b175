"""Thin views over meetings selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from secpanel.core.services import classified_update
from secpanel.core.views import ClassifiedDetailView, ClassifiedListView, RecordFormView
from secpanel.meetings import services
from secpanel.meetings.forms import HighlightForm
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


class HighlightFormView(RecordFormView):
    model = Highlight
    form_class = HighlightForm

    def save(self, form: HighlightForm, instance: Highlight | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.highlight_create(
                actor=self.request.user, reason=reason, distribution=distribution, **data
            )
        return classified_update(
            actor=self.request.user,
            instance=instance,
            changes=data,
            reason=reason,
            distribution=distribution,
        )
