from django.contrib import admin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.meetings.models import Highlight


@admin.register(Highlight)
class HighlightAdmin(ClassifiedAdmin):
    list_display = ("heading", "owning_body", "period", "classification")
    list_filter = ("owning_body", "classification")
