"""The register's configuration is administered here: the schedule rules and the Compliance
Status list. Classified records are edited through the app's pages (services, history)."""

from django.contrib import admin

from secpanel.assurance.models import ComplianceStatusOption, ScheduleRule
from secpanel.core.admin import ConfigAdmin


@admin.register(ScheduleRule)
class ScheduleRuleAdmin(ConfigAdmin):
    list_display = (
        "cycle_year",
        "position",
        "party_categories",
        "size_test",
        "domestic_threshold",
        "non_domestic_threshold",
        "assessment_type",
        "due_months",
        "active",
    )
    list_filter = ("cycle_year", "active")


@admin.register(ComplianceStatusOption)
class ComplianceStatusOptionAdmin(ConfigAdmin):
    list_display = ("label", "code", "notifies_panel", "position", "active")
