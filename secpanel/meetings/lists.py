"""The meetings registers as lists (decisions/0021): filters and tables for decisions,
actions, papers and highlights."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from secpanel.meetings.models import Action, Decision, Highlight, Paper
from secpanel.web.lists import (
    BadgeColumn,
    BodyColumn,
    DayColumn,
    RegisterTable,
    clip,
    day,
    register_filters,
)

DecisionFilters = register_filters(Decision, status="verb", date="date", q=("text",))
ActionFilters = register_filters(
    Action, status="status", date="due_date", q=("text", "reference", "update")
)
PaperFilters = register_filters(
    Paper, status="status", date="date", q=("title", "reference", "summary")
)
HighlightFilters = register_filters(Highlight, date="period", q=("heading", "text"))


def _status(record: Any) -> SafeString:
    tone = {
        "held": "success",
        "approved": "success",
        "published": "success",
        "closed": "success",
        "cancelled": "secondary",
        "issued": "info",
    }.get(record.status, "light border")
    return format_html(
        '<span class="badge rounded-pill status-badge text-bg-{}">{}</span>',
        tone,
        record.get_status_display(),
    )


class DecisionTable(RegisterTable):
    date = DayColumn(verbose_name="Date")
    body = BodyColumn()
    text = tables.Column(verbose_name="Decision", order_by=("verb", "text"))
    classification = BadgeColumn()

    def render_text(self, record: Decision) -> SafeString:
        text = clip(record.text, 140)
        if record.says_its_verb:
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), text)
        return format_html(
            '<a href="{}" class="fw-semibold">{}</a> {}',
            record.get_absolute_url(),
            record.get_verb_display(),
            text,
        )

    def value_text(self, record: Decision) -> str:
        if record.says_its_verb:
            return record.text
        return f"{record.get_verb_display()} {record.text}"


class ActionTable(RegisterTable):
    text = tables.Column(verbose_name="Action", order_by=("reference", "text"))
    body = BodyColumn()
    owner = tables.Column(
        verbose_name="Owner",
        accessor="owner",
        order_by=("owner_person__last_name", "owner_organisation__name"),
    )
    due_date = DayColumn(verbose_name="Due")
    status = tables.Column(verbose_name="Status")
    classification = BadgeColumn()

    def render_text(self, record: Action) -> SafeString:
        ref = f"{record.reference}: " if record.reference else ""
        return format_html(
            '<a href="{}">{}{}</a>', record.get_absolute_url(), ref, clip(record.text, 110)
        )

    def value_text(self, record: Action) -> str:
        return f"{record.reference}: {record.text}" if record.reference else record.text

    def render_due_date(self, record: Action, value: Any) -> SafeString:
        overdue = mark_safe(' <span class="badge text-bg-danger">Overdue</span>')
        return format_html("{}{}", day(value, "j M Y"), overdue if record.overdue else "")

    def render_status(self, record: Action) -> SafeString:
        return _status(record)

    def value_status(self, record: Action) -> str:
        return record.get_status_display()


class PaperTable(RegisterTable):
    reference = tables.Column(verbose_name="Reference", attrs={"td": {"class": "text-nowrap"}})
    title = tables.Column(verbose_name="Title", linkify=True)
    body = BodyColumn()
    date = DayColumn(verbose_name="Date")
    status = tables.Column(verbose_name="Status")
    classification = BadgeColumn()

    def render_status(self, record: Paper) -> SafeString:
        return _status(record)

    def value_status(self, record: Paper) -> str:
        return record.get_status_display()


class HighlightTable(RegisterTable):
    heading = tables.Column(verbose_name="Heading", linkify=True)
    body = BodyColumn()
    period = DayColumn(verbose_name="Month", format="F Y")
    classification = BadgeColumn()


__all__ = [
    "ActionFilters",
    "ActionTable",
    "DecisionFilters",
    "DecisionTable",
    "HighlightFilters",
    "HighlightTable",
    "PaperFilters",
    "PaperTable",
]
