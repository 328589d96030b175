"""Reads of TAG's testing registers, always through `visible_to(user)`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from secpanel.accounts.types import Reader
from secpanel.programmes.models import (
    DeviceModelCombination,
    DmcStatus,
    ExitCriterion,
    PhaseStatus,
    Programme,
    TestPhase,
)


def programme_list(user: Reader) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).select_related("owning_body")


def phases_of(user: Reader, programme: Programme) -> QuerySet[TestPhase]:
    return programme.phases.visible_to(user).order_by("planned_start", "id")


def phase_list(user: Reader) -> QuerySet[TestPhase]:
    return TestPhase.objects.visible_to(user).select_related("owning_body")


def phases_in_period(user: Reader, start: datetime.date, end: datetime.date) -> QuerySet[TestPhase]:
    """Phases running (planned window overlapping the period), at risk, or changed in it."""
    running = (Q(planned_start__lte=end) | Q(planned_start__isnull=True)) & (
        Q(planned_end__gte=start) | Q(planned_end__isnull=True)
    )
    active = Q(status__in=[PhaseStatus.IN_PROGRESS, PhaseStatus.AT_RISK])
    return phase_list(user).filter((running & active) | Q(updated_at__date__range=(start, end)))


def criteria_of(user: Reader, phase: TestPhase) -> QuerySet[ExitCriterion]:
    return phase.exit_criteria.visible_to(user).order_by("id")


def exit_criteria_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[ExitCriterion]:
    """Exit criteria decided (or changed) in the period."""
    return (
        ExitCriterion.objects.visible_to(user)
        .filter(Q(decided_on__range=(start, end)) | Q(updated_at__date__range=(start, end)))
        .order_by("decided_on", "id")
    )


def dmc_list(user: Reader) -> QuerySet[DeviceModelCombination]:
    return DeviceModelCombination.objects.visible_to(user).select_related("owning_body")


def dmcs_of(user: Reader, programme: Programme) -> QuerySet[DeviceModelCombination]:
    return programme.dmcs.visible_to(user).order_by("name", "id")


def dmcs_awaiting(user: Reader) -> QuerySet[DeviceModelCombination]:
    return dmc_list(user).filter(status=DmcStatus.AWAITING)


def dmcs_in_period(
    user: Reader, start: datetime.date, end: datetime.date
) -> QuerySet[DeviceModelCombination]:
    return dmc_list(user).filter(
        Q(decided_on__range=(start, end)) | Q(updated_at__date__range=(start, end))
    )


def upcoming_milestones(user: Reader, today: datetime.date, days: int = 30) -> list[Any]:
    """Programmes going live and phases due to end within `days` of `today`."""
    end = today + datetime.timedelta(days=days)
    found: list[Any] = list(programme_list(user).filter(target_date__range=(today, end)))
    found += list(
        phase_list(user)
        .filter(planned_end__range=(today, end))
        .exclude(status__in=[PhaseStatus.EXIT_CRITERIA_MET, PhaseStatus.COMPLETE])
    )
    return sorted(found, key=lambda r: getattr(r, "target_date", None) or r.planned_end)
