"""Controlled documents and consultations as lists (decisions/0021)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from secpanel.documents.models import Consultation, ControlledDocument
from secpanel.documents.templatetags.registers import status_badge
from secpanel.web.lists import BadgeColumn, BodyColumn, DayColumn, RegisterTable, register_filters

DocumentFilters = register_filters(ControlledDocument, q=("title", "short_name", "description"))
ConsultationFilters = register_filters(
    Consultation, status="status", date="closes_on", q=("title", "modification_ref")
)


class StatusColumn(tables.Column):
    """A record's state as the registers' pill; its label in the CSV."""

    def __init__(self, field: str = "status", **kwargs: object) -> None:
        kwargs.setdefault("verbose_name", "Status")
        kwargs.setdefault("accessor", field)
        super().__init__(**kwargs)
        self.field = field

    def render(self, record: object) -> SafeString:
        return status_badge(record, self.field)

    def value(self, record: object) -> str:
        return str(getattr(record, f"get_{self.field}_display")())


class DocumentTable(RegisterTable):
    title = tables.Column(verbose_name="Document", linkify=True)
    short_name = tables.Column(verbose_name="Short name")
    body = BodyColumn(verbose_name="Owner")
    classification = BadgeColumn()


class ConsultationTable(RegisterTable):
    title = tables.Column(verbose_name="Title")
    kind = tables.Column(verbose_name="Kind")
    closes_on = DayColumn(verbose_name="Comments due")
    status = StatusColumn()
    body = BodyColumn()
    classification = BadgeColumn()

    def render_title(self, record: Consultation) -> SafeString:
        ref = format_html(' <span class="text-body-secondary">{}</span>', record.modification_ref)
        return format_html(
            '<a href="{}">{}</a>{}',
            record.get_absolute_url(),
            record.title,
            ref if record.modification_ref else "",
        )

    def value_title(self, record: Consultation) -> str:
        return record.title
