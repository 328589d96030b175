"""Meetings' models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.core.testing import MatrixTarget
from secpanel.meetings.models import Decision, Highlight


def make_highlight(world, level, marker):
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=level,
        heading=marker,
        text=f"Text {marker}",
        period=datetime.date(2019, 4, 1),
    )


def make_decision(world, level, marker):
    return Decision.objects.create(
        owning_body=world.owner,
        classification=level,
        verb="agreed",
        text=marker,
        date=datetime.date(2019, 4, 9),
    )


TARGETS = [
    # Pages for decisions arrive with the meetings pages; the queryset is checked meanwhile.
    MatrixTarget(name="decision", model=Decision, make=make_decision, detail_url=None),
    MatrixTarget(
        name="highlight",
        model=Highlight,
        make=make_highlight,
        detail_url=lambda obj: reverse("meetings:highlight_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("meetings:highlight_list"),
            reverse("home"),
            reverse("bodies:body_detail", args=[world.owner.code]),
        ],
    ),
]
