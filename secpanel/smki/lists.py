"""The SMKI PMA's recovery exercises as a list (decisions/0021)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter

from secpanel.documents.lists import StatusColumn
from secpanel.smki.models import RecoveryExercise
from secpanel.web.lists import BadgeColumn, DayColumn, RegisterTable, register_filters

ExerciseFilters = register_filters(
    RecoveryExercise, status="status", date="planned_date", q=("title", "scope", "outcome")
)


class ExerciseTable(RegisterTable):
    title = tables.Column(verbose_name="Exercise", linkify=True)
    environment = tables.Column(verbose_name="Environment")
    planned_date = DayColumn(verbose_name="Date", format="j F Y")
    status = StatusColumn()
    classification = BadgeColumn()

    def render_planned_date(self, record: RecoveryExercise, value: Any) -> str:
        if record.date_is_estimate:
            return f"expected {date_filter(value, 'F Y')}"
        return str(date_filter(value, "j F Y"))
