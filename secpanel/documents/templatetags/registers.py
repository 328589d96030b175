"""Template helpers shared by the register apps: `{% status_badge obj %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

_TONE = {
    "success": {
        "approved",
        "published",
        "met",
        "granted",
        "complete",
        "exit_criteria_met",
        "concluded",
        "reviewed",
        "received",
        "completed",
        "closed",
        "notified",
        "confirmed",
    },
    "warning": {"at_risk", "not_met", "amendment_sought", "late", "rejected", "overdue", "open"},
    "secondary": {"superseded", "cancelled", "withdrawn"},
}


@register.simple_tag
def status_badge(obj: Any, field: str = "status") -> SafeString:
    """A pill for a record's state, with its display label."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    tone = next((t for t, states in _TONE.items() if value in states), "info")
    return format_html(
        '<span class="badge rounded-pill text-bg-{}" data-testid="status">{}</span>', tone, label
    )
