"""Registers as lists that work the same way everywhere (decisions/0021).

Every register list is a `web.views.ClassifiedListView` with

- `filterset_class`: a django-filter `FilterSet` over the rows the reader may read (by body,
  level, status, a date range, words of the main text). `register_filters(model, ...)` makes
  one; its form is a `BoundedForm`, so a bad value is a field error (the page answers 400 with
  the form showing it) and a value sent twice is refused.
- `table_class`: a django-tables2 `Table` (a `RegisterTable`): the columns, which of them sort
  (`?sort=name`, `?sort=-name`; any other value is a 400), the title column a link to the
  record, the classification badge. The same table writes the CSV (`?format=csv`).

The order is fixed in `ClassifiedListView`: `visible_to(user)`, then the filters, then the
sort, then the page (`pagination.ListPaginator`: a capped count) or the CSV (at most `CAP`
rows, the same order).
"""

from __future__ import annotations

import csv
import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.form_bounds import BoundedForm
from secpanel.web.pagination import CAP

SEARCH_MAX = 100  # characters of `?q=`


class ListFilterForm(BoundedForm):
    """The filter form of every register: bounded input (dates between the bounds, free text
    at most `SEARCH_MAX` characters, one value per field)."""

    text_limits = {"q": SEARCH_MAX}


def _body_choices() -> models.QuerySet[Body]:
    return Body.objects.order_by("display_order", "name")


class ListFilterSet(django_filters.FilterSet):
    """Filters every register has: the owning body (bodies are public) and the level."""

    body = django_filters.ModelChoiceFilter(
        field_name="owning_body",
        queryset=_body_choices(),
        to_field_name="code",
        label="Body",
        empty_label="Any body",
    )
    level = django_filters.ChoiceFilter(
        field_name="classification",
        choices=Classification.choices,
        label="Classification",
        empty_label="Any level",
    )

    class Meta:
        form = ListFilterForm
        fields: list[str] = []


def _search(fields: Sequence[str]) -> Callable[[models.QuerySet, str, str], models.QuerySet]:
    def search(queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        words = value.split()
        for word in words[:10]:
            match = Q()
            for field in fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    return search


def register_filters(
    model: type[models.Model],
    *,
    status: str | None = None,
    date: str | None = None,
    q: Sequence[str] = (),
    extra: dict[str, django_filters.Filter] | None = None,
) -> type[ListFilterSet]:
    """A FilterSet for `model`: body and level, and where given the `status` field's choices
    (`?status=`), a date range on `date` (`?date_from=`, `?date_to=`, inclusive), the words of
    `q` (`?q=`, every word in one of those fields) and `extra` filters."""
    attrs: dict[str, Any] = {}
    if q:
        attrs["q"] = django_filters.CharFilter(method=_search(q), label="Search")
    if status:
        field = model._meta.get_field(status)
        assert isinstance(field, models.Field)
        attrs["status"] = django_filters.ChoiceFilter(
            field_name=status,
            choices=field.choices,
            label=str(field.verbose_name).capitalize(),
            empty_label="Any",
        )
    if date:
        attrs["date_from"] = django_filters.DateFilter(
            field_name=date, lookup_expr="gte", label="From"
        )
        attrs["date_to"] = django_filters.DateFilter(field_name=date, lookup_expr="lte", label="To")
    attrs.update(extra or {})
    meta = type("Meta", (ListFilterSet.Meta,), {"model": model})
    return type(f"{model.__name__}Filters", (ListFilterSet,), {**attrs, "Meta": meta})


# --- tables -----------------------------------------------------------------------------------


class BadgeColumn(tables.Column):
    """The classification: a TLP badge on the page, the level's name in the CSV."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", "Classification")
        kwargs.setdefault("accessor", "classification")
        super().__init__(**kwargs)

    def render(self, record: Any) -> SafeString:
        c = Classification(int(record.classification))
        return format_html(
            '<span class="badge tlp-badge {}" title="{}">{}</span>', c.css, c.tlp, c.label.upper()
        )

    def value(self, record: Any) -> str:
        return Classification(int(record.classification)).label.upper()


class BodyColumn(tables.Column):
    """The owning body's short name; sorts by the bodies' order."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", "Body")
        kwargs.setdefault("accessor", "owning_body__short_name")
        kwargs.setdefault("order_by", ("owning_body__display_order", "owning_body__name"))
        super().__init__(**kwargs)


class DayColumn(tables.DateColumn):
    """A date: "1 Apr 2019" on the page, ISO in the CSV."""

    def __init__(self, format: str = "j M Y", **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(format=format, **kwargs)

    def value(self, value: Any) -> str:
        return value.isoformat() if value else ""


class ChoiceColumn(tables.Column):
    """A field with choices, shown by its label (`get_<field>_display`)."""

    def render(self, record: Any, bound_column: Any) -> str:
        return getattr(record, f"get_{bound_column.accessor}_display")()


class RegisterTable(tables.Table):
    """Base of every register's table (columns declared by the app's `lists.py`)."""

    class Meta:
        orderable = True
        order_by_field = "sort"
        empty_text = "Nothing you can see matches."
        attrs = {"class": "table table-hover mb-0 align-middle"}

    caption = ""


def sort_choices(table_class: type[tables.Table]) -> list[str]:
    """The values `?sort=` takes: each sortable column's name, ascending or descending."""
    names = [
        name
        for name, column in table_class.base_columns.items()
        if column.orderable is not False and table_class._meta.orderable
    ]
    return [value for name in names for value in (name, f"-{name}")]


# --- CSV --------------------------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A cell as plain text (no markup), safe to open in a spreadsheet (no formula)."""
    text = html.unescape(strip_tags(str(value if value is not None else "")))
    if text.startswith(_FORMULA):
        text = "'" + text
    return text


def csv_response(name: str, table: tables.Table, levels: Iterable[int]) -> HttpResponse:
    """The rows of `table` as a CSV attachment named after the register, today and the
    highest level in it (also in `X-Classification`)."""
    level = Classification.high_water(levels)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    filename = f"{name}-{stamp}-{level.label.lower()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Classification"] = level.label
    writer = csv.writer(response)
    for row in table.as_values():
        writer.writerow([_cell(v) for v in row])
    return response


__all__ = [
    "CAP",
    "BadgeColumn",
    "BodyColumn",
    "ChoiceColumn",
    "DayColumn",
    "ListFilterForm",
    "ListFilterSet",
    "RegisterTable",
    "csv_response",
    "register_filters",
    "sort_choices",
]
