"""Panel papers and their issued files as lists (decisions/0021)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from secpanel.reports.models import IssuedFile, PanelReport
from secpanel.web.lists import BadgeColumn, DayColumn, RegisterTable, register_filters

ReportFilters = register_filters(
    PanelReport, status="status", date="paper_date", q=("reference", "title")
)
PublishedFilters = register_filters(
    IssuedFile,
    status="edition",
    q=("filename",),
    extra={
        "date_from": django_filters.DateFilter(
            field_name="issued_at__date", lookup_expr="gte", label="Issued from"
        ),
        "date_to": django_filters.DateFilter(
            field_name="issued_at__date", lookup_expr="lte", label="Issued to"
        ),
    },
)

_TONE = {"published": "success", "issued": "primary"}


class ReportTable(RegisterTable):
    reference = tables.Column(verbose_name="Reference", linkify=True)
    meeting = tables.Column(
        verbose_name="Panel meeting", order_by=("meeting__starts_at", "meeting__number")
    )
    period = tables.Column(
        verbose_name="Reporting period", accessor="period_label", order_by=("period_start",)
    )
    paper_date = DayColumn(verbose_name="Paper date", format="j F Y")
    status = tables.Column(verbose_name="Status")
    classification = BadgeColumn()

    def render_status(self, record: PanelReport) -> SafeString:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            _TONE.get(record.status, "secondary"),
            record.get_status_display(),
        )

    def value_status(self, record: PanelReport) -> str:
        return record.get_status_display()


class PublishedTable(RegisterTable):
    paper = tables.Column(verbose_name="Paper", accessor="report__reference", orderable=False)
    meeting = tables.Column(verbose_name="Meeting", accessor="report__meeting", orderable=False)
    dated = DayColumn(
        verbose_name="Dated", accessor="report__paper_date", format="j F Y", orderable=False
    )
    edition = tables.Column(verbose_name="Edition")
    filename = tables.Column(verbose_name="File", linkify=True)
    issued_at = tables.DateTimeColumn(verbose_name="Issued", format="j F Y H:i")
    sha256 = tables.Column(verbose_name="SHA-256", orderable=False)
    classification = BadgeColumn()

    def render_paper(self, record: IssuedFile) -> str:
        return f"{record.report.reference} – {record.report.title}"

    def render_meeting(self, record: IssuedFile) -> SafeString:
        meeting = record.report.meeting
        return format_html('<a href="{}">{}</a>', meeting.get_absolute_url(), meeting)

    def value_meeting(self, record: IssuedFile) -> str:
        return str(record.report.meeting)

    def render_sha256(self, value: str) -> SafeString:
        return format_html('<code class="small">{}</code>', value[:19] + "…")

    def value_sha256(self, value: str) -> str:
        return value
