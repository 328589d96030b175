"""Reads of a body's business, always through `visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from secpanel.meetings.models import Highlight


def highlight_list(user: Any) -> QuerySet[Highlight]:
    return Highlight.objects.visible_to(user).select_related("owning_body")


def recent_highlights(user: Any, *, limit: int = 10) -> QuerySet[Highlight]:
    return highlight_list(user).order_by("-period", "-id")[:limit]
