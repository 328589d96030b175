"""Meetings' models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from secpanel.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    Minutes,
    Paper,
    PaperAppendix,
    StandingItem,
)
from secpanel.testkit import MatrixTarget

APRIL = datetime.date(2019, 4, 1)


def meeting_of(world):
    """One shared meeting of the owning body (public), on 10 April 2019."""
    meeting, _ = Meeting.objects.get_or_create(
        body=world.owner,
        number=1,
        defaults={
            "starts_at": timezone.make_aware(datetime.datetime(2019, 4, 10, 10, 0)),
            "status": "held",
        },
    )
    return meeting


def _meeting_page(world):
    return reverse("meetings:meeting_detail", args=[meeting_of(world).pk])


def _body_home(world):
    return reverse("meetings:body_home", args=[world.owner.code])


def make_highlight(world, level, marker):
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=level,
        heading=marker,
        text=f"Text {marker}",
        period=APRIL,
        meeting=meeting_of(world),
    )


def make_decision(world, level, marker):
    return Decision.objects.create(
        owning_body=world.owner,
        classification=level,
        verb="agreed",
        text=marker,
        date=datetime.date(2019, 4, 10),
        meeting=meeting_of(world),
    )


def make_action(world, level, marker):
    return Action.objects.create(
        owning_body=world.owner,
        classification=level,
        text=marker,
        raised_on=datetime.date(2019, 4, 10),
        due_date=datetime.date(2019, 4, 20),
        meeting=meeting_of(world),
        owner_person=world.users["owner_member"],
    )


def make_agenda_item(world, level, marker):
    meeting = meeting_of(world)
    return AgendaItem.objects.create(
        owning_body=world.owner,
        classification=level,
        meeting=meeting,
        number=AgendaItem.objects.unrestricted().filter(meeting=meeting).count() + 1,
        title=marker,
    )


def make_standing_item(world, level, marker):
    return StandingItem.objects.create(owning_body=world.owner, classification=level, title=marker)


def make_attendance(world, level, marker):
    return Attendance.objects.create(
        owning_body=world.owner, classification=level, meeting=meeting_of(world), name=marker
    )


def make_minutes(world, level, marker):
    meeting = Meeting.objects.create(
        body=world.owner,
        starts_at=timezone.make_aware(datetime.datetime(2019, 4, 1 + int(level), 10, 0)),
    )
    return Minutes.objects.create(
        owning_body=world.owner, classification=level, meeting=meeting, text=marker
    )


def make_paper(world, level, marker):
    return Paper.objects.create(
        owning_body=world.owner,
        classification=level,
        title=marker,
        date=datetime.date(2019, 4, 3),
        meeting=meeting_of(world),
    )


def make_appendix(world, level, marker):
    paper, _ = Paper.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        title="Host paper",
        defaults={"classification": 1, "date": datetime.date(2019, 4, 3)},
    )
    return PaperAppendix.objects.create(
        owning_body=world.owner,
        classification=level,
        paper=paper,
        letter="ABCD"[int(level) - 1],
        title=marker,
    )


def _calendar(world):
    return reverse("meetings:calendar") + "?month=2019-04"


TARGETS = [
    MatrixTarget(
        name="decision",
        model=Decision,
        make=make_decision,
        detail_url=lambda obj: reverse("meetings:decision_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("meetings:decision_list"),
            _meeting_page(world),
            _body_home(world),
        ],
    ),
    MatrixTarget(
        name="action",
        model=Action,
        make=make_action,
        detail_url=lambda obj: reverse("meetings:action_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("meetings:action_list"),
            _meeting_page(world),
            _body_home(world),
            _calendar(world),
        ],
    ),
    MatrixTarget(
        name="agenda_item",
        model=AgendaItem,
        make=make_agenda_item,
        detail_url=None,
        list_urls=lambda world: [_meeting_page(world)],
    ),
    MatrixTarget(
        name="standing_item",
        model=StandingItem,
        make=make_standing_item,
        detail_url=None,
        list_urls=lambda world: [_body_home(world)],
    ),
    MatrixTarget(
        name="attendance",
        model=Attendance,
        make=make_attendance,
        detail_url=None,
        list_urls=lambda world: [_meeting_page(world)],
    ),
    MatrixTarget(
        name="minutes",
        model=Minutes,
        make=make_minutes,
        detail_url=lambda obj: reverse("meetings:minutes_detail", args=[obj.pk]),
    ),
    MatrixTarget(
        name="paper",
        model=Paper,
        make=make_paper,
        detail_url=lambda obj: reverse("meetings:paper_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("meetings:paper_list"), _meeting_page(world)],
    ),
    MatrixTarget(
        name="paper_appendix",
        model=PaperAppendix,
        make=make_appendix,
        detail_url=lambda obj: reverse("meetings:appendix_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse(
                "meetings:paper_detail",
                args=[Paper.objects.unrestricted().get(title="Host paper").pk],
            )
        ],
    ),
    MatrixTarget(
        name="highlight",
        model=Highlight,
        make=make_highlight,
        detail_url=lambda obj: reverse("meetings:highlight_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("meetings:highlight_list"),
            reverse("home"),
            reverse("bodies:body_detail", args=[world.owner.code]),
            _meeting_page(world),
            _body_home(world),
        ],
    ),
]
