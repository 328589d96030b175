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

The page's rows are written by `table_rows` (each cell what django-tables2's `BoundRow`
renders, without its per-cell signature inspection and template compilation), dates by `day`,
the filters' `<select>`s by `ListSelect` (decisions/0024, "Rendering").
"""

from __future__ import annotations

import csv
import datetime
import functools
import html
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # no stub
from django_tables2.columns.base import BoundColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, signature

from secpanel.bodies.models import Body
from secpanel.core.classification import Classification
from secpanel.core.form_bounds import BoundedForm
from secpanel.web.pagination import CAP

SEARCH_MAX = 100  # characters of `?q=`


class ListFilterForm(BoundedForm):
    """The filter form of every register: bounded input (dates between the bounds, free text
    at most `SEARCH_MAX` characters, one value per field)."""

    text_limits = {"q": SEARCH_MAX}


def _text(value: Any) -> str:
    """What `{{ value }}` writes in a template: localised and escaped."""
    return str(render_value_in_context(value, _CELL_CONTEXT))


def _attrs(attrs: dict[str, Any]) -> str:
    """What Django's `django/forms/widgets/attrs.html` writes for `attrs`."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class ListSelect(forms.Select):
    """A `<select>` of a list's filters, written in Python: the HTML of Django's
    `django/forms/widgets/select.html` (`select_option.html`, `attrs.html`) without rendering
    two templates for every option (decisions/0024, "Rendering")."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                out.append(f'\n  <optgroup label="{_text(group)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{_text(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
                )
            if group:
                out.append("\n  </optgroup>")
        out.append("\n</select>")  # the renderer strips the template's last newline
        return mark_safe("".join(out))


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
        widget=ListSelect,
    )
    level = django_filters.ChoiceFilter(
        field_name="classification",
        choices=Classification.choices,
        label="Classification",
        empty_label="Any level",
        widget=ListSelect,
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
            widget=ListSelect,
        )
    if date:
        attrs["date_from"] = django_filters.DateFilter(
            field_name=date, lookup_expr="gte", label="From"
        )
        attrs["date_to"] = django_filters.DateFilter(field_name=date, lookup_expr="lte", label="To")
    attrs.update(extra or {})
    meta = type("Meta", (ListFilterSet.Meta,), {"model": model})
    return type(f"{model.__name__}Filters", (ListFilterSet,), {**attrs, "Meta": meta})


# --- cells ------------------------------------------------------------------------------------


def day(value: Any, format: str) -> str:
    """`value|date:format` (an aware datetime in local time); a date's text is remembered, as
    a page of a register shows the same few hundred dates over and over."""
    if type(value) is datetime.date:
        return _day(value, format, translation.get_language())
    return str(date_filter(template_localtime(value), format))


@functools.lru_cache(maxsize=4096)
def _day(value: datetime.date, format: str, language: str | None) -> str:
    return str(date_filter(value, format))


def clip(text: str, length: int) -> str:
    """`text|truncatechars:length`, without building a `Truncator` for a text that fits."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text  # what `Truncator.chars` returns for a text that fits
    return str(truncatechars(text, length))


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
    """A date: "1 Apr 2019" on the page, ISO in the CSV.

    Rendered by the `date` filter called directly: django-tables2's `DateColumn` is a
    `TemplateColumn`, which compiles and renders a template for every cell."""

    def __init__(self, format: str = "j M Y", **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(format=format, **kwargs)
        self.format = format

    def render(self, value: Any, bound_column: Any) -> SafeString:
        # what `{{ value|date:format|default:default }}` renders (local time, escaped)
        return conditional_escape(day(value, self.format) or bound_column.default)

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


class _Cells:
    """How one column's cells are rendered: what django-tables2's `BoundRow.get_cell` does
    (the value through the column's accessor, a field's choice label, the column's default
    for an empty value, the `render` method, the link), with what does not change from row
    to row (the render method's arguments, the cell's class) worked out once per page
    instead of once per cell."""

    def __init__(self, table: tables.Table, bound_column: BoundColumn) -> None:
        self.table = table
        self.bound_column = bound_column
        self.column = bound_column.column
        self.accessor = Accessor(bound_column.accessor)
        bits = self.accessor.bits
        # a path of attributes, read without `Accessor`'s dictionary and index attempts
        self.plain = bool(bits) and not (
            self.accessor.callable_args or self.accessor.callable_kwargs
        )
        self.path, self.last = tuple(bits[:-1]), bits[-1] if bits else ""
        self.default = bound_column.default
        self.render = bound_column.render
        args, catch_all = signature(self.render)
        self.args = None if catch_all else frozenset(args)
        self.link = bound_column.link
        self.choices: dict[type, bool] = {}  # record class -> the value is a choice's label
        attrs = {**table.attrs, **self.column.attrs}
        td = attrs.get("td", attrs.get("cell", {}))
        if any(callable(v) for v in td.values()):
            raise ImproperlyConfigured(
                f"{type(table).__name__}.{bound_column.name}: a register table's cell "
                "attributes are the same on every row (no callables)."
            )
        css = bound_column.attrs["td"]["class"]
        self.open = str(format_html('<td class="{}">', css)) if css else "<td>"

    def _is_choice(self, record: Any) -> bool:
        kind = type(record)
        if kind not in self.choices:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            self.choices[kind] = bool(getattr(field, "choices", ()))
        return self.choices[kind]

    def value_of(self, record: Any) -> tuple[bool, Any]:
        """(found, value): `BoundRow._get_and_render_with`'s reading of the record."""
        if self.plain and _plain(record):
            try:
                penultimate = _walk(record, self.path)
                if penultimate is None:
                    return True, None
                if isinstance(penultimate, models.Model) and self._is_choice(record):
                    display = getattr(penultimate, f"get_{self.last}_display", None)
                    if display is not None:
                        return True, display()
                return True, _walk(penultimate, (self.last,))
            except _NotPlain:
                pass
            except Exception:  # a column that is no field (django-tables2 issue #257)
                return False, None
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and self._is_choice(record):
            display = getattr(penultimate, f"get_{remainder}_display", None)
            if display is not None:
                return True, display()
        try:
            return True, self.accessor.resolve(record)
        except Exception:  # a column that is no field (django-tables2 issue #257)
            return False, None

    def html(self, row: BoundRow) -> str:
        """The cell of `row`: `<td>`, what `{{ cell }}` renders, `</td>`."""
        found, value = self.value_of(row.record)
        column = self.column
        if not found and isinstance(column, BaseLinkColumn) and column.text is not None:
            content = self.call(row, None)
        elif value in column.empty_values or (
            isinstance(column, ManyToManyColumn) and not value.exists()
        ):
            content = self.default
        else:
            content = self.call(row, value)
        return f"{self.open}{render_value_in_context(content, _CELL_CONTEXT)}</td>"

    def call(self, row: BoundRow, value: Any) -> Any:
        kwargs: dict[str, Any] = {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        if self.args is None:
            content = self.render(**kwargs)
        elif self.args.issubset(kwargs):
            content = self.render(**{k: v for k, v in kwargs.items() if k in self.args})
        else:
            content = None  # django-tables2 does not call a render it cannot give its arguments
        return self.link(content, **kwargs) if self.link else content


class _NotPlain(Exception):
    """Not a model instance: read it with `Accessor.resolve`."""


def _plain(obj: Any) -> bool:
    """A model instance `Accessor.resolve` reads by attribute (it is not subscriptable)."""
    return isinstance(obj, models.Model) and not hasattr(obj, "__getitem__")


def _walk(current: Any, bits: Sequence[str]) -> Any:
    """`Accessor.resolve` along `bits` through model instances: each attribute, called if
    callable (never one that alters data), stopping at None."""
    for bit in bits:
        if not _plain(current):
            raise _NotPlain
        current = getattr(current, bit)
        if callable(current):
            if getattr(current, "alters_data", False):
                raise ValueError(f"Refusing to call {bit}()")
            if not getattr(current, "do_not_call_in_templates", False):
                current = current()
        if current is None:
            break
    return current


_CELL_CONTEXT = Context()  # what a page's `{{ cell }}` is rendered with: escaped, localised


@dataclass(frozen=True)
class TableRow:
    """A row of a register list: its record, and its cells as HTML (`<tr>…</tr>`)."""

    record: Any
    html: SafeString


def table_rows(table: tables.Table, records: Iterable[Any]) -> list[TableRow]:
    """The rows of `records` in `table`'s columns, each cell exactly as django-tables2's
    `BoundRow` renders it (`{{ cell }}` in a `<td>` with the column's class), at a fraction
    of the cost: a page of 50 rows is a few hundred cells (decisions/0024, "Rendering")."""
    columns = [_Cells(table, bound_column) for bound_column in table.columns]
    rows = []
    for record in records:
        row = BoundRow(record, table=table)
        cells = "".join([c.html(row) for c in columns])
        rows.append(TableRow(record, mark_safe(f"<tr>{cells}</tr>")))
    return rows


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
    "ListSelect",
    "RegisterTable",
    "TableRow",
    "clip",
    "csv_response",
    "day",
    "register_filters",
    "sort_choices",
    "table_rows",
]
