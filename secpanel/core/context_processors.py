"""Context for the web shell: navigation and the page's classification marking."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from secpanel.core.classification import Classification


def shell(request: HttpRequest) -> dict[str, Any]:
    return {"Classification": Classification, "DEFAULT_PAGE_LEVEL": Classification.WHITE}
