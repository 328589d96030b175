"""`/search/?q=`: full-text search over every register the reader may read."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.views.generic import TemplateView

from secpanel.bodies.models import Body
from secpanel.core.bounds import PAGE_MAX
from secpanel.core.classification import Classification
from secpanel.core.params import choice_param, date_param, int_param, text_param
from secpanel.search.selectors import Filters, kind_choices, search

QUERY_MAX = 200
LEVELS = [c.name.lower() for c in Classification]


def _optional_date(request: Any, name: str) -> datetime.date | None:
    return date_param(request, name, cast("datetime.date", None))


class SearchView(TemplateView):
    """The results (ranked, the words marked, filters by body, kind, level and date, pages of
    20); every count and snippet is of records the reader may read (`search.selectors`)."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        request = self.request
        bodies = list(Body.objects.order_by("name"))
        by_code = {b.code: b for b in bodies}
        text = text_param(request, "q", max_length=QUERY_MAX)
        body_code = choice_param(request, "body", by_code, None)
        kinds = kind_choices()
        kind = choice_param(request, "kind", [k for k, _ in kinds], None)
        level = choice_param(request, "level", LEVELS, None)
        filters = Filters(
            body_id=by_code[body_code].pk if body_code else None,
            kind=kind,
            level=Classification[level.upper()] if level else None,
            date_from=_optional_date(request, "from"),
            date_to=_optional_date(request, "to"),
        )
        page = int_param(request, "page", 1, max_value=PAGE_MAX)
        results = search(request.user, text, filters, page, bodies={b.pk: b for b in bodies})
        ctx.update(
            q=text,
            results=results,
            filters=filters,
            bodies=bodies,
            body_code=body_code or "",
            kinds=kinds,
            kind=kind or "",
            levels=[(c.name.lower(), c.label) for c in Classification],
            level=level or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
            page_classification=results.level,
        )
        return ctx
