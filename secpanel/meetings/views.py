"""Thin read pages over meetings selectors (editing pages are in `meetings.editing`)."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.bodies.selectors import body_by_code, body_list
from secpanel.core.bounds import EARLIEST, LATEST, date_in_range
from secpanel.core.calendar import collect_events
from secpanel.core.citations import citations_of, cited_by
from secpanel.core.classification import Classification
from secpanel.core.params import BadParameter, month_param, text_param
from secpanel.core.parents import visible_parent
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.selectors import get_visible_or_404, revisions
from secpanel.meetings import lists, selectors
from secpanel.meetings.models import (
    Action,
    Decision,
    Highlight,
    Meeting,
    Minutes,
    Paper,
    PaperAppendix,
    PaperVersion,
)
from secpanel.meetings.services import available_transitions
from secpanel.web.views import ClassifiedDetailView, ClassifiedListView


def _levels(*groups: Any) -> Classification:
    return Classification.high_water(
        o.classification for group in groups for o in group if o is not None
    )


# --- meetings ------------------------------------------------------------------------------


def _body_param(request: HttpRequest) -> Body | None:
    """`?body=<code>`: a body, or None when absent (the 400 page for a code no body has)."""
    code = text_param(request, "body", max_length=50)
    if not code:
        return None
    try:
        return body_by_code(code)
    except Http404 as exc:
        raise BadParameter("body", "give the code of a body, such as “panel”.") from exc


def meeting_list(request: HttpRequest) -> HttpResponse:
    body = _body_param(request)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "body": body,
            "bodies": body_list(),
            "upcoming": selectors.meeting_list(body=body, upcoming=True)[:50],
            "past": selectors.meeting_list(body=body, upcoming=False)[:50],
            "can_create": bool(managed_body_ids(request.user)),
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    user = request.user
    agenda = selectors.agenda_items_for(user, meeting)
    papers = list(selectors.papers_for(user, meeting))
    decisions = list(selectors.decisions_for(user, meeting))
    actions = list(selectors.actions_for(user, meeting))
    highlights = list(selectors.highlights_for(user, meeting))
    attendance = list(selectors.attendance_for(user, meeting))
    minutes = selectors.minutes_for(user, meeting)
    can_manage = can_manage_body(user, meeting.body_id)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "papers": papers,
            "decisions": decisions,
            "actions": actions,
            "highlights": highlights,
            "attendance": attendance,
            "minutes": minutes,
            "can_manage": can_manage,
            "transitions": available_transitions(user, meeting),
            "minutes_missing": can_manage and minutes is None,
            "page_classification": _levels(
                agenda, papers, decisions, actions, highlights, attendance, [minutes]
            ),
        },
    )


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """A month of meetings and every app's visible deadlines (core.calendar).

    `?month=YYYY-MM` within `core.bounds` (a 400 otherwise); the links to the months either
    side are left out at the ends of that range. Without `?month=` it opens on the current
    month if a meeting falls in it, else on the latest month with one (`calendar_month`)."""
    body = _body_param(request)
    if request.GET.get("month"):
        first = month_param(request, "month", timezone.localdate().replace(day=1))
    else:
        first = month_param(
            request, "month", selectors.calendar_month(timezone.localdate(), body=body)
        )
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    events = collect_events(request.user, first, last)
    if body is not None:
        events = [e for e in events if e.body_code == body.code]
    by_day: dict[datetime.date, list[Any]] = {}
    for event in events:
        by_day.setdefault(event.date, []).append(event)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    after = last + datetime.timedelta(days=1)
    previous = before if date_in_range(before) else None
    following = after if date_in_range(after) else None
    return render(
        request,
        "meetings/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "events": events,
            "previous": previous,
            "following": following,
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "body": body,
            "bodies": body_list(),
            "query": f"&body={body.code}" if body is not None else "",
            "month_min": f"{EARLIEST:%Y-%m}",
            "month_max": f"{LATEST:%Y-%m}",
            "page_classification": Classification.high_water(e.classification for e in events),
        },
    )


def body_home(request: HttpRequest, code: str) -> HttpResponse:
    """A body's business: next meeting, recent meetings, decisions and open actions."""
    body = body_by_code(code)
    user = request.user
    today = timezone.localdate()
    decisions = selectors.recent_decisions(user, body, limit=10)
    actions = list(selectors.open_actions(user, body)[:20])
    highlights = list(selectors.highlight_list(user).filter(owning_body=body)[:10])
    standing = list(selectors.standing_items(user, body))
    return render(
        request,
        "meetings/body_home.html",
        {
            "body": body,
            "next_meeting": selectors.next_meeting(body, today),
            "recent_meetings": selectors.meeting_list(body=body, upcoming=False)[:5],
            "decisions": decisions,
            "actions": actions,
            "highlights": highlights,
            "standing": standing,
            "today": today,
            "can_manage": can_manage_body(user, body.pk),
            "page_classification": _levels(decisions, actions, highlights, standing),
        },
    )


# --- minutes -------------------------------------------------------------------------------


class MinutesDetailView(ClassifiedDetailView):
    model = Minutes
    template_name = "meetings/minutes_detail.html"
    select_related = ("meeting", "meeting__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["revisions"] = revisions(self.request.user, self.object)
        ctx["transitions"] = available_transitions(self.request.user, self.object)
        return ctx


# --- decisions -----------------------------------------------------------------------------


class DecisionListView(ClassifiedListView):
    model = Decision
    template_name = "meetings/decision_list.html"
    select_related = ("owning_body", "meeting", "meeting__body")
    filterset_class = lists.DecisionFilters
    table_class = lists.DecisionTable


def _links(user: Reader, obj: Any) -> dict[str, Any]:
    """Linked records both ways, and the page level raised to the highest of them."""
    cites = citations_of(user, obj)
    cited = cited_by(user, obj)
    level = Classification.high_water(
        [obj.classification, *(getattr(r, "classification", None) for r in (*cites, *cited))]
    )
    return {"cites": cites, "cited": cited, "page_classification": level}


class DecisionDetailView(ClassifiedDetailView):
    model = Decision
    template_name = "meetings/decision_detail.html"
    select_related = ("owning_body", "meeting", "meeting__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(_links(user, self.object))
        # the agenda item is named only to its readers (hidden looks like none)
        ctx["agenda_item"] = visible_parent(user, self.object, "agenda_item")
        ctx["page_classification"] = Classification.high_water(
            [ctx["page_classification"], getattr(ctx["agenda_item"], "classification", None)]
        )
        return ctx


# --- actions -------------------------------------------------------------------------------


class ActionListView(ClassifiedListView):
    model = Action
    template_name = "meetings/action_list.html"
    select_related = (
        "owning_body",
        "meeting",
        "meeting__body",
        "owner_person",
        "owner_organisation",
    )
    filterset_class = lists.ActionFilters
    table_class = lists.ActionTable

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = "Actions"
        return ctx


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    actions = list(selectors.my_actions(request.user))
    return render(
        request,
        "meetings/my_actions.html",
        {"actions": actions, "page_classification": _levels(actions)},
    )


class ActionDetailView(ClassifiedDetailView):
    model = Action
    template_name = "meetings/action_detail.html"
    select_related = (
        "owning_body",
        "meeting",
        "meeting__body",
        "owner_person",
        "owner_organisation",
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(_links(self.request.user, self.object))
        ctx["transitions"] = available_transitions(self.request.user, self.object)
        return ctx


# --- papers --------------------------------------------------------------------------------


class PaperListView(ClassifiedListView):
    model = Paper
    template_name = "meetings/paper_list.html"
    select_related = ("owning_body", "meeting", "meeting__body")
    filterset_class = lists.PaperFilters
    table_class = lists.PaperTable


class PaperDetailView(ClassifiedDetailView):
    model = Paper
    template_name = "meetings/paper_detail.html"
    select_related = ("owning_body", "meeting", "meeting__body", "author")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["appendices"] = list(selectors.appendices_for(user, self.object))
        ctx["recommendations"] = list(self.object.recommendations.all())
        ctx["versions"] = list(self.object.versions.select_related("uploaded_by"))
        ctx["transitions"] = available_transitions(user, self.object)
        ctx["includes"] = citations_of(user, self.object)
        ctx["pack_classification"] = _levels([self.object], ctx["appendices"])
        ctx["page_classification"] = ctx["pack_classification"]
        return ctx


class AppendixDetailView(ClassifiedDetailView):
    model = PaperAppendix
    template_name = "meetings/appendix_detail.html"
    select_related = ("paper", "owning_body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        # the paper's title is only named to those who may read the paper
        ctx["paper"] = (
            Paper.objects.visible_to(self.request.user).filter(pk=self.object.paper_id).first()
        )
        return ctx


def _file_response(field: Any) -> FileResponse:
    if not field:
        raise Http404("No such file.")
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/")[-1])


def paper_version_download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_object_or_404(PaperVersion, pk=pk)
    get_visible_or_404(Paper, request.user, pk=version.paper_id)
    return _file_response(version.file)


# --- highlights ----------------------------------------------------------------------------


class HighlightListView(ClassifiedListView):
    model = Highlight
    template_name = "meetings/highlight_list.html"
    select_related = ("owning_body",)
    # not the model's order (by the body's display order, for the paper): an index's
    ordering = ("-period", "-id")
    filterset_class = lists.HighlightFilters
    table_class = lists.HighlightTable


class HighlightDetailView(ClassifiedDetailView):
    model = Highlight
    template_name = "meetings/highlight_detail.html"
    select_related = ("owning_body", "meeting")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(_links(self.request.user, self.object))
        return ctx
