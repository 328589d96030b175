"""Context for the web shell: navigation and the page's classification marking."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

from secpanel.core.classification import Classification


@cache
def _nav() -> list[tuple[str, str]]:
    """Each secpanel app lists its top-level pages in `AppConfig.nav_items`
    as (label, url name); they appear in INSTALLED_APPS order."""
    items: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        for label, url_name in getattr(config, "nav_items", ()):
            items.append((label, reverse(url_name)))
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "Classification": Classification,
        "DEFAULT_PAGE_LEVEL": Classification.WHITE,
        "nav_items": _nav(),
    }
