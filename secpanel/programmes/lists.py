"""TAG's programmes and Device Model Combinations as lists (decisions/0021)."""

from __future__ import annotations

import django_tables2 as tables

from secpanel.documents.lists import StatusColumn
from secpanel.programmes.models import DeviceModelCombination, Programme
from secpanel.web.lists import BadgeColumn, BodyColumn, DayColumn, RegisterTable, register_filters

ProgrammeFilters = register_filters(
    Programme, status="kind", date="target_date", q=("name", "short_name", "description")
)
DmcFilters = register_filters(DeviceModelCombination, status="status", q=("name", "csp", "notes"))


class ProgrammeTable(RegisterTable):
    name = tables.Column(verbose_name="Programme or release", linkify=True)
    kind = tables.Column(verbose_name="Kind")
    target_date = DayColumn(verbose_name="Go-live", format="j F Y")
    body = BodyColumn()
    classification = BadgeColumn()


class DmcTable(RegisterTable):
    name = tables.Column(verbose_name="Combination", linkify=True)
    csp = tables.Column(verbose_name="CSP / SMSO")
    installation_type = tables.Column(verbose_name="Installation")
    status = StatusColumn()
    classification = BadgeColumn()
