"""Writes of a body's business: each is atomic, validated, audited and history-kept."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.services import classified_create, classified_update
from secpanel.meetings.models import Highlight


def highlight_create(
    *,
    actor: Any,
    owning_body: Body,
    heading: str,
    text: str,
    period: datetime.date,
    classification: Classification = Classification.AMBER,
    position: int = 10,
    distribution: Iterable[Any] = (),
    reason: str = "",
) -> Highlight:
    highlight = Highlight(
        owning_body=owning_body,
        heading=heading,
        text=text,
        period=period.replace(day=1),
        classification=classification,
        position=position,
    )
    return classified_create(
        actor=actor, instance=highlight, reason=reason, distribution=distribution
    )


def highlight_update(
    *, actor: Any, highlight: Highlight, reason: str = "", **changes: Any
) -> Highlight:
    return classified_update(actor=actor, instance=highlight, changes=changes, reason=reason)
