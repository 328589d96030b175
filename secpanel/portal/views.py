"""The home page and the public pages about bodies; their classified business (highlights)
comes through the meetings selectors, filtered for the reader."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secpanel.bodies import selectors as bodies
from secpanel.core.classification import Classification
from secpanel.core.policy import managed_body_ids
from secpanel.documents.selectors import upcoming_deadlines
from secpanel.meetings.selectors import (
    highlight_list,
    meeting_list,
    my_actions,
    overdue_actions,
    recent_highlights,
)
from secpanel.reports.models import Edition
from secpanel.reports.selectors import drafts_to_issue, published_files

AHEAD = datetime.timedelta(days=60)  # "upcoming": the next two months


def home(request: HttpRequest) -> HttpResponse:
    """One page, what each reader needs first: everyone sees the meetings of the next 60 days,
    the latest published Panel papers, consultations closing and recent highlights; a signed-in
    person their own open actions; a body's secretariat the Panel papers to compile or issue and
    the overdue actions of the bodies they run. Everything through the reader's selectors."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    upcoming = list(meeting_list(upcoming=True).filter(starts_at__lt=now + AHEAD)[:6])
    papers = list(published_files(user).filter(edition=Edition.PUBLIC, format="pdf")[:3])
    closing = list(upcoming_deadlines(user, today, days=30)[:5])
    highlights = list(recent_highlights(user, limit=6))
    mine = list(my_actions(user).filter(status="open")[:6]) if user.is_authenticated else []
    runs = managed_body_ids(user)
    drafts = list(drafts_to_issue(user)[:4]) if runs else []
    overdue = list(overdue_actions(user, today).filter(owning_body_id__in=runs)[:6]) if runs else []
    shown: list[Any] = [*papers, *closing, *highlights, *mine, *drafts, *overdue]
    return render(
        request,
        "portal/home.html",
        {
            "bodies": bodies.body_list(),
            "my_bodies": bodies.bodies_of(user),
            "upcoming": upcoming,
            "papers": papers,
            "closing": closing,
            "highlights": highlights,
            "mine": mine,
            "drafts": drafts,
            "overdue": overdue,
            "secretariat": bool(runs),
            "today": today,
            "page_classification": Classification.high_water(r.classification for r in shown),
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
