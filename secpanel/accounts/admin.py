"""Accounts and organisations in the admin console (docs/decisions/0004).

The administrator creates accounts and sets who is an administrator or an auditor, but sets no
password (a new account has none: its owner sets one through "Forgot your password?", by
e-mail) and changes no e-mail address (with a changed address, the reset link would go to
whoever chose it). Authenticators, e-mail address records and permission groups are not in the
admin: a lost authenticator is reset by a server administrator.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.forms import ModelForm
from django.http import HttpRequest

from secpanel.accounts.models import Organisation, User
from secpanel.core.admin import ConfigAdmin

for _model in (Group, EmailAddress, Authenticator):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(ConfigAdmin):
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff")
    list_filter = ("is_staff", "is_active", "is_auditor", "organisation")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "email")}),
        ("Person", {"fields": ("first_name", "last_name", "organisation", "job_title")}),
        (
            "Access",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "is_auditor"),
                "description": "What a person may read follows from their memberships, which "
                "the secretariat records; none of these grants reading.",
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("last_login", "date_joined")
        return ("email", "last_login", "date_joined")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            messages.info(
                request,
                f"{obj.username} has no password yet: they set one with “Forgot your "
                "password?” on the sign-in page, which sends a link to their e-mail address.",
            )


@admin.register(Organisation)
class OrganisationAdmin(ConfigAdmin):
    list_display = ("name", "short_name", "party_category")
    list_filter = ("party_category",)
    search_fields = ("name", "short_name")
