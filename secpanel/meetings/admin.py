"""Only the paper reference series are configured in the admin console. Meetings have their own
pages (and deleting one in the admin would list its classified agenda items); everything else
here is classified and goes through the app's pages and services (docs/decisions/0004)."""

from django.contrib import admin

from secpanel.core.admin import ConfigAdmin
from secpanel.meetings.models import PaperSeries


@admin.register(PaperSeries)
class PaperSeriesAdmin(ConfigAdmin):
    list_display = ("body", "prefix", "pattern")
