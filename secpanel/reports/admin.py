"""The Panel paper's configuration (sections, blocks, non-working days) is data, set here.
Reports and issued files are classified: they have their own pages (docs/decisions/0004)."""

from django.contrib import admin

from secpanel.core.admin import ConfigAdmin, ConfigInline
from secpanel.reports.models import (
    NonWorkingDay,
    ReportBlock,
    ReportConfiguration,
    ReportSection,
)


class ReportSectionInline(ConfigInline):
    model = ReportSection


class ReportBlockInline(ConfigInline):
    model = ReportBlock


@admin.register(ReportConfiguration)
class ReportConfigurationAdmin(ConfigAdmin):
    list_display = ("name", "title", "is_default")
    inlines = [ReportSectionInline]


@admin.register(ReportSection)
class ReportSectionAdmin(ConfigAdmin):
    list_display = ("heading", "configuration", "position")
    inlines = [ReportBlockInline]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(ConfigAdmin):
    list_display = ("date", "name")
