"""Context for the web shell: the page's classification marking. (The navigation is the
portal's: `secpanel.portal.context_processors.navigation`.)"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from secpanel.core.classification import Classification


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "Classification": Classification,
        "DEFAULT_PAGE_LEVEL": Classification.WHITE,
    }
