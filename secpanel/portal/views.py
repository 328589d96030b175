"""The home page and the public pages about bodies; their classified business (highlights)
comes through the meetings selectors, filtered for the reader."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secpanel.bodies import selectors as bodies
from secpanel.core.classification import Classification
from secpanel.meetings.selectors import highlight_list, recent_highlights


def home(request: HttpRequest) -> HttpResponse:
    highlights = list(recent_highlights(request.user, limit=8))
    return render(
        request,
        "portal/home.html",
        {
            "bodies": bodies.body_list(),
            "my_bodies": bodies.bodies_of(request.user),
            "highlights": highlights,
            "page_classification": Classification.high_water(h.classification for h in highlights),
        },
    )


def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/body_list.html", {"bodies": bodies.body_list()})


def body_detail(request: HttpRequest, code: str) -> HttpResponse:
    body = bodies.body_by_code(code)
    highlights = list(highlight_list(request.user).filter(owning_body=body)[:20])
    return render(
        request,
        "portal/body_detail.html",
        {
            "body": body,
            "members": bodies.current_members(body),
            "highlights": highlights,
            "page_classification": Classification.high_water(h.classification for h in highlights),
        },
    )
