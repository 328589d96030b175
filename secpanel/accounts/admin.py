from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from secpanel.accounts.models import Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff")
    list_filter = ("is_staff", "is_active", "is_auditor", "organisation")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("secpanel", {"fields": ("organisation", "job_title", "is_auditor")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "party_category")
    list_filter = ("party_category",)
    search_fields = ("name", "short_name")
