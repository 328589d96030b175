"""The Operations Group's registers as lists (decisions/0021)."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeString

from secpanel.documents.lists import StatusColumn
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview
from secpanel.web.lists import BadgeColumn, DayColumn, RegisterTable, register_filters

IncidentFilters = register_filters(
    MajorIncident,
    status="review_status",
    date="occurred_on",
    q=("reference", "title", "summary"),
)
PerformanceFilters = register_filters(
    PerformanceReview, status="status", date="period", q=("report_ref", "summary")
)
ForecastFilters = register_filters(
    ForecastingReturn, status="status", date="due_on", q=("party__name", "notes")
)


class IncidentTable(RegisterTable):
    reference = tables.Column(verbose_name="Incident", order_by=("reference", "title"))
    occurred_on = DayColumn(verbose_name="Occurred")
    dcc_incident = tables.Column(verbose_name="Kind")
    review_status = StatusColumn("review_status", verbose_name="Review")
    classification = BadgeColumn()

    def render_reference(self, record: MajorIncident) -> SafeString:
        return format_html(
            '<a href="{}">{}</a> {}', record.get_absolute_url(), record.reference, record.title
        )

    def value_reference(self, record: MajorIncident) -> str:
        return f"{record.reference} {record.title}"

    def render_dcc_incident(self, value: bool) -> str:
        return "DCC" if value else "Non-DCC"


class PerformanceTable(RegisterTable):
    period = DayColumn(verbose_name="Month", format="F Y")
    report_ref = tables.Column(verbose_name="Report")
    measures_below_target = tables.Column(verbose_name="Below target")
    status = StatusColumn()
    classification = BadgeColumn()

    def render_period(self, record: PerformanceReview) -> SafeString:
        month = format_html(
            '<a href="{}">{}</a>', record.get_absolute_url(), date_filter(record.period, "F Y")
        )
        if record.summary:
            summary = truncatechars(record.summary, 100)
            return format_html('{}<div class="small text-body-secondary">{}</div>', month, summary)
        return month


class ForecastTable(RegisterTable):
    party = tables.Column(verbose_name="Party", accessor="party__name")
    period = DayColumn(verbose_name="Period", format="F Y")
    due_on = DayColumn(verbose_name="Due")
    status = StatusColumn()
    classification = BadgeColumn()

    def render_party(self, record: ForecastingReturn) -> SafeString:
        name = format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.party.name)
        if record.notes:
            notes = truncatechars(record.notes, 100)
            return format_html('{}<div class="small text-body-secondary">{}</div>', name, notes)
        return name

    def value_party(self, record: ForecastingReturn) -> str:
        return record.party.name
