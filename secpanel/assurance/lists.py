"""The assurance registers as lists (decisions/0021).

A column naming a parent record (the User, the assessment) shows `visible_<name>`, set by the
view for the reader (a hidden parent is "—"), and does not sort: an order by a parent the
reader may not read would tell something about it."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from secpanel.assurance.models import (
    AssessmentOutcome,
    AssessmentType,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.web.lists import BadgeColumn, DayColumn, RegisterTable, register_filters

SecUserFilters = register_filters(
    SecUser, date="live_since", q=("organisation__name", "shared_resource_provider", "notes")
)
AssessmentFilters = register_filters(
    UserSecurityAssessment,
    status="status",
    date="fieldwork_start",
    extra={
        "type": django_filters.ChoiceFilter(
            field_name="assessment_type",
            choices=AssessmentType.choices,
            label="Type",
            empty_label="Any type",
        )
    },
)
OutcomeFilters = register_filters(AssessmentOutcome, status="kind", date="decided_on")


def _open_only(queryset: Any, name: str, value: str) -> Any:
    return queryset.filter(closed_on__isnull=True) if value else queryset


FindingFilters = register_filters(
    Finding,
    date="remediation_due",
    q=("obligation", "description"),
    extra={
        "open": django_filters.ChoiceFilter(
            choices=[("1", "Open only")], method=_open_only, label="Open", empty_label="All"
        )
    },
)
LetterFilters = register_filters(
    DirectorsLetter, status="status", date="received_on", q=("summary",)
)


class VisibleColumn(tables.Column):
    """A parent the reader may read (`visible_<name>` on the row), by `attr`; never sorts."""

    def __init__(self, name: str, attr: str, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)
        self.parent, self.attr = name, attr

    def render(self, record: Any) -> str:
        parent = getattr(record, self.parent, None)
        return str(getattr(parent, self.attr)) if parent is not None else "—"

    def value(self, record: Any) -> str:
        parent = getattr(record, self.parent, None)
        return str(getattr(parent, self.attr)) if parent is not None else ""


def _user() -> VisibleColumn:
    return VisibleColumn("visible_sec_user", "party_name", verbose_name="User")


class SecUserTable(RegisterTable):
    party = tables.Column(
        verbose_name="Party", accessor="organisation__name", order_by=("organisation__name",)
    )
    roles = tables.Column(verbose_name="User Roles", orderable=False)
    domestic_premises = tables.Column(
        verbose_name="Domestic premises", attrs={"td": {"class": "text-end"}}
    )
    non_domestic_premises = tables.Column(
        verbose_name="Non-domestic premises", attrs={"td": {"class": "text-end"}}
    )
    shared_resource_provider = tables.Column(
        verbose_name="Shared Resource Provider",
        accessor="uses_shared_resource_provider",
        empty_values=(),
    )
    classification = BadgeColumn()

    def render_party(self, record: SecUser) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            record.get_absolute_url(),
            record.party_name,
            record.organisation.get_party_category_display(),
        )

    def value_party(self, record: SecUser) -> str:
        return record.party_name

    def render_roles(self, record: SecUser) -> str:
        return ", ".join(record.role_labels)

    def render_domestic_premises(self, value: int) -> str:
        return str(intcomma(value))

    def render_non_domestic_premises(self, value: int) -> str:
        return str(intcomma(value))

    def render_shared_resource_provider(self, record: SecUser) -> str:
        if record.uses_shared_resource_provider:
            return record.shared_resource_provider or "Yes"
        return "No"


class AssessmentTable(RegisterTable):
    user = _user()
    assessment = tables.Column(
        verbose_name="Assessment",
        accessor="assessment_type",
        order_by=("assessment_type", "kind", "cycle_year"),
    )
    fieldwork_start = DayColumn(verbose_name="Fieldwork")
    status = tables.Column(verbose_name="Status")
    ssc_review_on = DayColumn(verbose_name="SSC review")
    classification = BadgeColumn()

    def render_assessment(self, record: UserSecurityAssessment) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.label)

    def value_assessment(self, record: UserSecurityAssessment) -> str:
        return record.label

    def render_fieldwork_start(self, record: UserSecurityAssessment, value: Any) -> str:
        start = date_filter(value, "j M Y")
        if record.fieldwork_end:
            return f"{start} – {date_filter(record.fieldwork_end, 'j M Y')}"
        return str(start)

    def render_status(self, record: UserSecurityAssessment) -> str:
        return record.get_status_display()


class OutcomeTable(RegisterTable):
    decided_on = DayColumn(verbose_name="Date", linkify=True)
    user = _user()
    assessment = VisibleColumn("visible_assessment", "label", verbose_name="Assessment")
    outcome = tables.Column(verbose_name="Outcome", accessor="kind")
    notify_panel = tables.Column(verbose_name="Panel")
    classification = BadgeColumn()

    def render_outcome(self, record: AssessmentOutcome) -> str:
        return f"{record.get_kind_display()}: {record.outcome_text}"

    def render_notify_panel(self, value: bool) -> SafeString | str:
        return mark_safe('<span class="badge text-bg-warning">Notify</span>') if value else ""

    def value_notify_panel(self, value: bool) -> str:
        return "Notify" if value else ""


class FindingTable(RegisterTable):
    user = _user()
    obligation = tables.Column(verbose_name="Obligation")
    description = tables.Column(verbose_name="Finding")
    remediation_due = DayColumn(verbose_name="Remediation due")
    closed_on = DayColumn(verbose_name="Closed")
    classification = BadgeColumn()

    def render_obligation(self, record: Finding) -> SafeString:
        potential = mark_safe(' <span class="badge text-bg-light border">potential</span>')
        return format_html(
            '<a href="{}">{}</a>{}',
            record.get_absolute_url(),
            record.obligation,
            potential if record.potential else "",
        )

    def value_obligation(self, record: Finding) -> str:
        return record.obligation

    def render_description(self, value: str) -> str:
        return str(truncatewords(value, 24))

    def value_description(self, value: str) -> str:
        return value


class LetterTable(RegisterTable):
    user = _user()
    received_on = DayColumn(verbose_name="Received", linkify=True)
    assessment = VisibleColumn("visible_assessment", "label", verbose_name="Assessment")
    status = tables.Column(verbose_name="Status")
    reviewed_on = DayColumn(verbose_name="Reviewed")
    classification = BadgeColumn()

    def render_status(self, record: DirectorsLetter) -> str:
        return record.get_status_display()
