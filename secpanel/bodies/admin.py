from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from secpanel.bodies.models import Body, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "parent", "display_order")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "body", "role", "start_date", "end_date")
    list_filter = ("body", "role")
    autocomplete_fields = ("user",)
