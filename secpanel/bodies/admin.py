"""Bodies are configured here (names, order, parent, paper prefix); they are never deleted here.
Memberships are not in the admin: a seat is a reading right, so it changes only through
`bodies.services.membership_add` / `membership_end` (docs/decisions/0004)."""

from django.contrib import admin

from secpanel.bodies.models import Body
from secpanel.core.admin import ConfigAdmin


@admin.register(Body)
class BodyAdmin(ConfigAdmin):
    list_display = ("name", "short_name", "kind", "parent", "display_order")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code")
