"""The home page and the public pages about bodies; their classified business (highlights)
comes through the meetings selectors, filtered for the reader."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secpanel.bodies import selectors as bodies
from secpanel.core.classification import Classification
from secpanel.core.policy import managed_body_ids
from secpanel.documents.policies import respondent_organisation
from secpanel.documents.selectors import open_consultations, upcoming_deadlines
from secpanel.meetings.selectors import (
    highlight_list,
    meeting_list,
    my_actions,
    overdue_actions,
    papers_ahead,
    recent_highlights,
)
from secpanel.notifications.selectors import followed_by
from secpanel.reports.models import Edition
from secpanel.reports.next_paper import next_paper
from secpanel.reports.selectors import drafts_to_issue, published_files

AHEAD = datetime.timedelta(days=60)  # "upcoming": the next two months


def home(request: HttpRequest) -> HttpResponse:
    """One page, what each reader needs first: everyone sees the meetings of the next 60 days,
    the latest published Panel papers, consultations closing and recent highlights; a signed-in
    person their own open actions; a body member the papers of their bodies' coming meetings
    and the latest Panel edition they may read; a SEC Party's person the modifications they
    follow and the consultations open; a body's secretariat the readiness of the next Panel
    paper, the Panel papers to compile or issue and the overdue actions of the bodies they
    run. Everything through the reader's selectors; the banner is the highest level shown."""
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
    next_up = next_paper(user, today) if runs else None
    seats = list(bodies.bodies_of(user))
    # a body member: the papers of their bodies' coming meetings, the latest Panel edition
    to_read = list(papers_ahead(user, [b.pk for b in seats], now, now + AHEAD)[:8]) if seats else []
    panel_edition = (
        published_files(user).filter(edition=Edition.PANEL, format="pdf").first() if seats else None
    )
    # a SEC Party's person: the modifications they follow, the consultations open
    party = respondent_organisation(user) is not None
    following = (
        [f.record for f in followed_by(user) if f.kind == "modification"][:8]
        if party and isinstance(user, get_user_model())
        else []
    )
    open_now = list(open_consultations(user)[:6]) if party else []
    shown: list[Any] = [
        *papers,
        *closing,
        *highlights,
        *mine,
        *drafts,
        *overdue,
        *to_read,
        *([panel_edition] if panel_edition else []),
        *following,
        *open_now,
        *([next_up.report] if next_up and next_up.report else []),
    ]
    return render(
        request,
        "portal/home.html",
        {
            "bodies": bodies.body_list(),
            "my_bodies": seats,
            "next_paper": next_up,
            "to_read": to_read,
            "panel_edition": panel_edition,
            "party": party,
            "following": following,
            "open_now": open_now,
            "upcoming": upcoming,
            "papers": papers,
            "closing": closing,
            "highlights": highlights,
            "mine": mine,
            "drafts": drafts,
            "overdue": overdue,
            "secretariat": bool(runs),
            "member": bool(seats),
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
