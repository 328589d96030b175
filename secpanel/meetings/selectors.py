"""Reads of a body's business, always through `visible_to(user)`.

Meetings (and their dates, places and statuses) are public; everything recorded in them is
classified record by record. The Panel-paper compiler reads through `meetings_in_period`,
`next_meeting`, `agenda_items_for`, `report_highlights` and `decisions_in_period`.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core.policy import managed_body_ids
from secpanel.meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    MeetingStatus,
    Minutes,
    Paper,
    PaperAppendix,
    StandingItem,
)

# --- the Panel-paper compiler's contract ---------------------------------------------------


def meetings_in_period(body: Body, start: datetime.date, end: datetime.date) -> QuerySet[Meeting]:
    """Meetings of `body` whose (local) date is between `start` and `end` inclusive, any
    status, ordered by start time. Meetings are public."""
    return (
        Meeting.objects.filter(body=body, starts_at__date__gte=start, starts_at__date__lte=end)
        .select_related("body")
        .order_by("starts_at", "id")
    )


def next_meeting(body: Body, after: datetime.date) -> Meeting | None:
    """The first meeting of `body` on or after the day `after` that is not cancelled."""
    return (
        Meeting.objects.filter(body=body, starts_at__date__gte=after)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "id")
        .first()
    )


def agenda_items_for(user: Reader, meeting: Meeting) -> list[AgendaItem]:
    """The agenda items of `meeting` that `user` may read, by number (standing items carry
    `standing=True`)."""
    return list(AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("number"))


def report_highlights(user: Reader, body: Body, period: datetime.date) -> QuerySet[Highlight]:
    """The highlights `user` may read that `body` brings to the Panel for the month of
    `period`, in their order within the body's section."""
    return (
        Highlight.objects.visible_to(user)
        .filter(owning_body=body, period=period.replace(day=1))
        .select_related("owning_body", "meeting")
        .order_by("position", "id")
    )


def decisions_in_period(
    user: Reader, body: Body, start: datetime.date, end: datetime.date
) -> QuerySet[Decision]:
    """Decisions of `body` dated between `start` and `end` inclusive that `user` may read,
    oldest first."""
    return (
        Decision.objects.visible_to(user)
        .filter(owning_body=body, date__gte=start, date__lte=end)
        .select_related("meeting", "owning_body")
        .order_by("date", "id")
    )


# --- meetings ------------------------------------------------------------------------------


def calendar_month(today: datetime.date, *, body: Body | None = None) -> datetime.date:
    """The month the calendar opens on: `today`'s when a meeting (public) falls in it, else
    the latest earlier month with a meeting (of `body`, if given), else the first later one,
    else `today`'s."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    meetings = Meeting.objects.all() if body is None else Meeting.objects.filter(body=body)
    if meetings.filter(starts_at__date__gte=first, starts_at__date__lt=following).exists():
        return first
    before = meetings.filter(starts_at__date__lt=first).order_by("-starts_at")
    after = meetings.filter(starts_at__date__gte=following).order_by("starts_at")
    for found in (before, after):
        at = found.values_list("starts_at", flat=True).first()
        if at is not None:
            return timezone.localtime(at).date().replace(day=1)
    return first


def meeting_list(*, body: Body | None = None, upcoming: bool | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    if upcoming is True:
        qs = qs.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    elif upcoming is False:
        qs = qs.filter(starts_at__lt=timezone.now()).order_by("-starts_at")
    return qs


def attendance_for(user: Reader, meeting: Meeting) -> QuerySet[Attendance]:
    return Attendance.objects.visible_to(user).filter(meeting=meeting).select_related("person")


def minutes_for(user: Reader, meeting: Meeting) -> Minutes | None:
    return Minutes.objects.visible_to(user).filter(meeting=meeting).first()


def papers_for(user: Reader, meeting: Meeting) -> QuerySet[Paper]:
    return (
        Paper.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("agenda_item")
        .order_by("agenda_item__number", "reference", "id")
    )


def decisions_for(user: Reader, meeting: Meeting) -> QuerySet[Decision]:
    return (
        Decision.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("agenda_item")
        .order_by("agenda_item__number", "id")
    )


def actions_for(user: Reader, meeting: Meeting) -> QuerySet[Action]:
    return (
        Action.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("owner_person", "owner_organisation")
        .order_by("reference", "id")
    )


def highlights_for(user: Reader, meeting: Meeting) -> QuerySet[Highlight]:
    return Highlight.objects.visible_to(user).filter(meeting=meeting).order_by("position", "id")


def standing_items(user: Reader, body: Body) -> QuerySet[StandingItem]:
    return StandingItem.objects.visible_to(user).filter(owning_body=body, active=True)


# --- papers, decisions, actions, highlights ------------------------------------------------


def paper_list(user: Reader) -> QuerySet[Paper]:
    return Paper.objects.visible_to(user).select_related("owning_body", "meeting")


def appendices_for(user: Reader, paper: Paper) -> QuerySet[PaperAppendix]:
    return PaperAppendix.objects.visible_to(user).filter(paper=paper).order_by("letter")


def decision_list(user: Reader, *, body: Body | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.visible_to(user).select_related("owning_body", "meeting")
    return qs.filter(owning_body=body) if body is not None else qs


def recent_decisions(user: Reader, body: Body, *, limit: int = 10) -> list[Decision]:
    return list(decision_list(user, body=body).order_by("-date", "-id")[:limit])


def action_list(
    user: Reader, *, body: Body | None = None, status: str | None = None
) -> QuerySet[Action]:
    qs = Action.objects.visible_to(user).select_related(
        "owning_body", "meeting", "owner_person", "owner_organisation"
    )
    if body is not None:
        qs = qs.filter(owning_body=body)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_date", "id")


def open_actions(user: Reader, body: Body) -> QuerySet[Action]:
    return action_list(user, body=body, status=ActionStatus.OPEN)


def my_actions(user: Reader) -> QuerySet[Action]:
    """Actions owned by `user`, or by their organisation, that they may read."""
    if not user.is_authenticated:
        return Action.objects.none()
    mine = Q(owner_person=user)
    if getattr(user, "organisation_id", None):
        mine |= Q(owner_organisation_id=user.organisation_id, owner_person__isnull=True)
    return action_list(user).filter(mine)


def overdue_actions(user: Reader, today: datetime.date) -> QuerySet[Action]:
    """Open actions `user` may read whose due date has passed, longest overdue first."""
    return action_list(user, status=ActionStatus.OPEN).filter(due_date__lt=today)


def actions_due_between(user: Reader, start: datetime.date, end: datetime.date) -> QuerySet[Action]:
    return action_list(user, status=ActionStatus.OPEN).filter(
        due_date__gte=start, due_date__lte=end
    )


def actions_raised_between(
    user: Reader, body: Body, start: datetime.date, end: datetime.date
) -> QuerySet[Action]:
    """Actions of `body` raised between `start` and `end` inclusive that `user` may read,
    oldest first."""
    return (
        Action.objects.visible_to(user)
        .filter(owning_body=body, raised_on__gte=start, raised_on__lte=end)
        .order_by("raised_on", "id")
    )


def citable_decisions(user: Reader) -> QuerySet[Decision]:
    """Decisions of the bodies the user runs that they may read, newest first: the decisions
    a register move ("approve", "met") may cite as the one that made it."""
    return (
        Decision.objects.visible_to(user)
        .filter(owning_body_id__in=sorted(managed_body_ids(user)))
        .select_related("owning_body")
        .order_by("-date", "-id")
    )


def papers_ahead(
    user: Reader, body_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Paper]:
    """The papers `user` may read for the meetings of `body_ids` starting between `start` and
    `end`, the soonest meeting first."""
    return (
        Paper.objects.visible_to(user)
        .filter(meeting__body_id__in=body_ids, meeting__starts_at__gte=start)
        .filter(meeting__starts_at__lt=end)
        .select_related("meeting", "meeting__body")
        .order_by("meeting__starts_at", "reference", "id")
    )


def highlight_list(user: Reader) -> QuerySet[Highlight]:
    return Highlight.objects.visible_to(user).select_related("owning_body")


def recent_highlights(user: Reader, *, limit: int = 10) -> QuerySet[Highlight]:
    return highlight_list(user).order_by("-period", "-id")[:limit]
