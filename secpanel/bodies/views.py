"""Public pages about bodies; their classified business is filtered by the selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secpanel.bodies import selectors
from secpanel.core.classification import Classification
from secpanel.meetings.selectors import highlight_list


def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bodies/body_list.html", {"bodies": selectors.body_list()})


def body_detail(request: HttpRequest, code: str) -> HttpResponse:
    body = selectors.body_by_code(code)
    highlights = list(highlight_list(request.user).filter(owning_body=body)[:20])
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "members": selectors.current_members(body),
            "highlights": highlights,
            "page_classification": Classification.high_water(h.classification for h in highlights),
        },
    )
