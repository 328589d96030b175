from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.reports.models import (
    IssuedFile,
    NonWorkingDay,
    PanelReport,
    ReportBlock,
    ReportConfiguration,
    ReportSection,
)


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0


class ReportBlockInline(admin.TabularInline):
    model = ReportBlock
    extra = 0


@admin.register(ReportConfiguration)
class ReportConfigurationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "is_default")
    inlines = [ReportSectionInline]


@admin.register(ReportSection)
class ReportSectionAdmin(SimpleHistoryAdmin):
    list_display = ("heading", "configuration", "position")
    inlines = [ReportBlockInline]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")


@admin.register(PanelReport)
class PanelReportAdmin(ClassifiedAdmin):
    list_display = ("reference", "paper_date", "status", "classification")
    readonly_fields = ("status",)


@admin.register(IssuedFile)
class IssuedFileAdmin(ClassifiedAdmin):
    list_display = ("filename", "edition", "format", "sha256", "classification")
    exclude = ("content",)
