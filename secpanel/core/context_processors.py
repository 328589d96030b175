"""Context for the web shell: navigation and the page's classification marking."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

from secpanel.core.classification import Classification

# Apps whose pages share one dropdown in the navbar; others get top-level links.
NAV_GROUPS = {
    "meetings": "Business",
    "modifications": "Registers",
    "assurance": "Registers",
    "documents": "Registers",
    "testing": "Registers",
    "smki": "Registers",
    "operations": "Registers",
}


@dataclass
class NavEntry:
    label: str
    href: str = ""
    children: list[tuple[str, str]] = field(default_factory=list)


@cache
def _nav() -> list[NavEntry]:
    """Each secpanel app lists its top-level pages in `AppConfig.nav_items`
    as (label, url name); they appear in INSTALLED_APPS order, grouped by NAV_GROUPS."""
    entries: list[NavEntry] = []
    groups: dict[str, NavEntry] = {}
    for config in apps.get_app_configs():
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


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "Classification": Classification,
        "DEFAULT_PAGE_LEVEL": Classification.WHITE,
        "nav_entries": _nav(),
    }
