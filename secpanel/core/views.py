"""Generic views for classified records. Every classified page is built on these two, so the
read path is always `visible_to(user)` and the page banner always shows its highest level."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from secpanel.core.classification import Classification
from secpanel.core.selectors import get_visible_or_404, visible


class ClassifiedListView(ListView):
    """A list of classified records the user may read; hidden rows are in no count."""

    paginate_by = 50

    def base_queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def get_queryset(self) -> models.QuerySet:
        return visible(self.base_queryset(), self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["page_classification"] = Classification.high_water(
            o.classification for o in ctx["object_list"]
        )
        return ctx


class ClassifiedDetailView(DetailView):
    """One classified record, or 404 if it is missing or hidden."""

    def base_queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        return get_visible_or_404(self.base_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("page_classification", Classification(self.object.classification))
        return ctx


def home(request: HttpRequest) -> HttpResponse:
    from secpanel.bodies.selectors import bodies_of, body_list
    from secpanel.meetings.selectors import recent_highlights

    highlights = list(recent_highlights(request.user, limit=8))
    return render(
        request,
        "core/home.html",
        {
            "bodies": body_list(),
            "my_bodies": bodies_of(request.user),
            "highlights": highlights,
            "page_classification": Classification.high_water(h.classification for h in highlights),
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page for missing and hidden: it never says what was asked for.
    return render(request, "404.html", status=404)
