from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.modifications.models import Modification, Release


@admin.register(Modification)
class ModificationAdmin(ClassifiedAdmin):
    list_display = ("reference", "title", "stage", "on_hold", "path", "classification")
    list_filter = ("stage", "path", "classification")
    search_fields = ("reference", "title")
    readonly_fields = ("stage", "on_hold", "target_release", "implementation_date")


@admin.register(Release)
class ReleaseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "planned_date", "actual_date", "sec_version")
