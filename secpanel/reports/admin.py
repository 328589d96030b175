"""The Panel paper's configuration (sections, blocks, non-working days) is data, set here.
Reports and issued files are classified: they have their own pages (docs/decisions/0004)."""

from django.contrib import admin

from secpanel.core.admin import ConfigAdmin, ConfigInline
from secpanel.reports.models import (
    NonWorkingDay,
    ReportBlock,
    ReportConfiguration,
    ReportPhrase,
    ReportSection,
)


class ReportSectionInline(ConfigInline):
    model = ReportSection


class ReportBlockInline(ConfigInline):
    model = ReportBlock


class ReportPhraseInline(ConfigInline):
    """The configuration's own wording of generated sentences; a key left out keeps the
    default (the SEC's wording, shown by `secpanel report --phrases`)."""

    model = ReportPhrase


@admin.register(ReportConfiguration)
class ReportConfigurationAdmin(ConfigAdmin):
    list_display = ("name", "title", "is_default")
    inlines = [ReportSectionInline, ReportPhraseInline]


@admin.register(ReportSection)
class ReportSectionAdmin(ConfigAdmin):
    list_display = ("heading", "configuration", "position")
    inlines = [ReportBlockInline]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(ConfigAdmin):
    list_display = ("date", "name")
