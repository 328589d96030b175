"""How every register list is cut into pages: one class, so that it can be replaced by keyset
pagination later (a million records) without touching the views.

`ListPaginator` never counts a whole table: it counts at most `CAP + 1` rows
(`SELECT COUNT(*) FROM (SELECT id ... LIMIT CAP + 1)`), and beyond `CAP` the page says
"10,000+" and offers the first `CAP` rows' pages (narrow the filters to see the rest).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000


class ListPaginator(Paginator):
    """A paginator whose count stops at `CAP` (`capped` says there were more)."""

    cap = CAP

    @cached_property
    def found(self) -> int:
        """Rows found, counting at most `cap + 1`."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # unordered: the count must not sort what it counts (decisions/0024)
            return int(rows.order_by().values("pk")[: self.cap + 1].count())
        return min(len(rows), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"

    def page(self, number: Any) -> Page:
        page = super().page(number)
        page.object_list = list(page.object_list)  # read once; the table and the banner share it
        return page
