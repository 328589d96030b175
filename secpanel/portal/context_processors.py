"""The navbar: each secpanel app lists its top-level pages in `AppConfig.nav_items` as
(label, url name); the portal's own come first, then the others in INSTALLED_APPS order,
grouped by `NAV_GROUPS`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

# Apps whose pages share one dropdown in the navbar; others get top-level links.
NAV_GROUPS = {
    "meetings": "Business",
    "modifications": "Registers",
    "assurance": "Registers",
    "documents": "Registers",
    "programmes": "Registers",
    "smki": "Registers",
    "operations": "Registers",
}


@dataclass
class NavEntry:
    label: str
    href: str = ""
    children: list[tuple[str, str]] = field(default_factory=list)


@cache
def nav_entries() -> list[NavEntry]:
    entries: list[NavEntry] = []
    groups: dict[str, NavEntry] = {}
    configs = sorted(apps.get_app_configs(), key=lambda config: config.label != "portal")
    for config in configs:
        for label, url_name in getattr(config, "nav_items", ()):
            href = reverse(url_name)
            group = NAV_GROUPS.get(config.label)
            if group is None:
                entries.append(NavEntry(label, href))
                continue
            if group not in groups:
                groups[group] = NavEntry(group)
                entries.append(groups[group])
            groups[group].children.append((label, href))
    return entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_entries": nav_entries()}
