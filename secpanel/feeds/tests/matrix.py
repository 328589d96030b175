"""The feeds in the visibility matrix (`FEEDS`, read by core/tests/test_visibility_matrix.py):
every feed, public and private, for every role. The records come from the apps' own matrix
makers, moved into the feeds' window (a date near today, a published paper, a modification
event) so that each would be listed if it were readable."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from secpanel.assurance.tests.matrix import make_assessment
from secpanel.documents.tests.matrix import make_consultation
from secpanel.meetings.models import PaperStatus
from secpanel.meetings.tests.matrix import make_action, make_decision, make_paper
from secpanel.modifications.models import EventKind, ModificationEvent
from secpanel.modifications.tests.matrix import make_modification
from secpanel.operations.tests.matrix import make_forecast
from secpanel.programmes.tests.matrix import make_phase, make_programme
from secpanel.smki.tests.matrix import make_exercise
from secpanel.testkit import FeedTarget

TARGETS: list[Any] = []  # the feeds add no classified model of their own


def _soon() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=10)


def _moved(make: Callable[..., Any], **changes: Any) -> Callable[..., Any]:
    """`make`, then the record's fields set (through `unrestricted()`: a test's own rows)."""

    def made(world: Any, level: Any, marker: str) -> Any:
        obj = make(world, level, marker)
        values = {k: v() if callable(v) else v for k, v in changes.items()}
        type(obj)._default_manager.unrestricted().filter(pk=obj.pk).update(**values)
        return obj

    return made


def _with_event(world: Any, level: Any, marker: str) -> Any:
    modification = make_modification(world, level, marker)
    ModificationEvent.objects.create(
        modification=modification,
        kind=EventKind.MILESTONE,
        to_value=f"Milestone {marker}",
        date=datetime.date.today(),
    )
    return modification


def _calendar_public(world: Any) -> list[str]:
    return [
        reverse("feeds:public_calendar"),
        reverse("feeds:body_calendar", args=[world.owner.code]),
    ]


def _calendar(name: str, model: Any, make: Callable[..., Any]) -> FeedTarget:
    return FeedTarget(
        name=f"calendar {name}",
        model=model,
        make=make,
        public_urls=_calendar_public,
        private_url=lambda key: reverse("feeds:private_calendar", args=[key]),
    )


def _atom(name: str, model: Any, make: Callable[..., Any]) -> FeedTarget:
    return FeedTarget(
        name=f"{name} atom",
        model=model,
        make=make,
        public_urls=lambda world: [reverse(f"feeds:{name}_atom")],
        private_url=lambda key: reverse(f"feeds:private_{name}_atom", args=[key]),
    )


def _feeds() -> list[FeedTarget]:
    from secpanel.assurance.models import UserSecurityAssessment
    from secpanel.documents.models import Consultation
    from secpanel.meetings.models import Action, Decision, Paper
    from secpanel.modifications.models import Modification
    from secpanel.operations.models import ForecastingReturn
    from secpanel.programmes.models import Programme, TestPhase
    from secpanel.smki.models import RecoveryExercise

    return [
        _calendar("action", Action, _moved(make_action, due_date=_soon, status="open")),
        _calendar("consultation", Consultation, _moved(make_consultation, closes_on=_soon)),
        _calendar(
            "assessment",
            UserSecurityAssessment,
            _moved(make_assessment, status="booked", fieldwork_start=_soon),
        ),
        _calendar(
            "forecasting return",
            ForecastingReturn,
            _moved(make_forecast, due_on=_soon, status="due"),
        ),
        _calendar("programme", Programme, _moved(make_programme, target_date=_soon)),
        _calendar("test phase", TestPhase, _moved(make_phase, planned_end=_soon)),
        _calendar("recovery exercise", RecoveryExercise, _moved(make_exercise, planned_date=_soon)),
        _atom("papers", Paper, _moved(make_paper, status=PaperStatus.PUBLISHED)),
        _atom("decisions", Decision, make_decision),
        _atom("modifications", Modification, _with_event),
    ]


FEEDS = _feeds()
