from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.meetings.models import (
    Action,
    AgendaItem,
    Decision,
    Highlight,
    Meeting,
    Paper,
    PaperSeries,
)


@admin.register(Highlight)
class HighlightAdmin(ClassifiedAdmin):
    list_display = ("heading", "owning_body", "period", "classification")
    list_filter = ("owning_body", "classification")


@admin.register(Decision)
class DecisionAdmin(ClassifiedAdmin):
    list_display = ("__str__", "owning_body", "date", "classification")
    list_filter = ("owning_body", "classification")


@admin.register(Action)
class ActionAdmin(ClassifiedAdmin):
    list_display = ("__str__", "owning_body", "due_date", "status", "classification")
    list_filter = ("owning_body", "status", "classification")


@admin.register(AgendaItem)
class AgendaItemAdmin(ClassifiedAdmin):
    list_display = ("__str__", "meeting", "classification")


@admin.register(Paper)
class PaperAdmin(ClassifiedAdmin):
    list_display = ("reference", "title", "owning_body", "status", "classification")


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "body", "starts_at", "status")
    list_filter = ("body", "status")


@admin.register(PaperSeries)
class PaperSeriesAdmin(SimpleHistoryAdmin):
    list_display = ("body", "prefix", "pattern")
