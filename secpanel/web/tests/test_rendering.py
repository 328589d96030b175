"""The lean rendering of register lists (decisions/0024, "Rendering") writes exactly what
django-tables2 and Django's templates write: the rows (`web.lists.table_rows`) against
django-tables2's `BoundRow` in the template the list used before, the filters' `<select>`
(`ListSelect`) against Django's `Select`, `day` and `clip` against the `date` and
`truncatechars` filters."""

from __future__ import annotations

import datetime
import types

import django_tables2 as tables
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.test import Client
from django.urls import reverse
from django_tables2.rows import BoundRow

from secpanel.bodies.models import Body
from secpanel.web import lists
from secpanel.web.tests.test_lists import LISTS

pytestmark = pytest.mark.django_db

# the rows of `core/partials/list.html` before `table_rows`: django-tables2 renders each cell
TABLES2_ROWS = engines["django"].from_string(
    "{% for row in rows %}<tr>{% for column, cell in row.items %}<td"
    '{% if column.attrs.td.class %} class="{{ column.attrs.td.class }}"{% endif %}>'
    "{{ cell }}</td>{% endfor %}</tr>{% endfor %}"
)


def tables2_rows(table: tables.Table, records: list) -> str:
    """The rows as django-tables2 writes them, dates through its `DateColumn` template (the
    table's columns hold their render methods from the table's creation: swapped here)."""
    lean = {}
    for column in table.columns:
        if isinstance(column.column, lists.DayColumn) and column.render == column.column.render:
            lean[column] = column.render
            column.render = types.MethodType(tables.DateColumn.render, column.column)
    try:
        return TABLES2_ROWS.render({"rows": [BoundRow(r, table=table) for r in records]})
    finally:
        for column, render in lean.items():
            column.render = render


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("role", ["anonymous", "party", "ssc.member", "panel.member"])
def test_every_register_list_writes_its_rows_as_django_tables2_would(role):
    client = Client()
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    cells = 0
    for name in LISTS:
        for query in ({}, {"sort": "-classification"}):
            page = client.get(reverse(name), query)
            assert page.status_code == 200, name
            rows = page.context["rows"]
            lean = "".join(row.html for row in rows)
            assert lean == tables2_rows(page.context["table"], [r.record for r in rows]), name
            assert all(row.html in page.content.decode() for row in rows)
            cells += lean.count("<td")
    assert cells > 200  # the demo fills the lists: the comparison covered real rows


class Record:
    """Not a model: read with `Accessor.resolve` (dictionary and attribute lookups)."""

    def __init__(self, **values):
        self.__dict__.update(values)


class Odd(tables.Table):
    """Columns the registers do not use yet, to hold the renderer to django-tables2."""

    name = tables.Column(attrs={"td": {"class": "b a"}})
    nested = tables.Column(accessor="inner__label")
    missing = tables.Column(accessor="no_such_attribute", default="none here")
    called = tables.Column(accessor="shout")
    when = lists.DayColumn(format="j F Y H:i")
    empty = tables.Column(accessor="blank", empty_values=())
    link = tables.Column(accessor="name", linkify=lambda record: f"/to/{id(record)}/?a&b")

    def render_called(self, value, bound_row):
        return f"{value} #{getattr(bound_row.record, 'name', '?')}"


def test_a_record_that_is_no_model_renders_as_django_tables2_renders_it():
    records = [
        Record(
            name="<b>a & b</b>",
            inner=Record(label="inner"),
            shout=lambda: "SHOUT",
            when=datetime.datetime(2024, 6, 30, 23, 30, tzinfo=datetime.UTC),
            blank="",
        ),
        {"name": "dict", "inner": None, "shout": "quiet", "when": None, "blank": None},
        Record(name="x", inner=Record(label=None), shout=None, when="no date", blank=0),
    ]
    table = Odd(records)
    lean = "".join(row.html for row in lists.table_rows(table, records))
    assert lean == tables2_rows(table, records)
    assert "1 July 2024 00:30" in lean  # an aware datetime in local time (BST)
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;" in lean and 'class="a b"' in lean


def test_a_cell_attribute_that_changes_per_row_is_refused():
    class PerRow(tables.Table):
        name = tables.Column(attrs={"td": {"class": lambda record: record.name}})

    with pytest.raises(Exception, match="same on every row"):
        lists.table_rows(PerRow([Record(name="a")]), [Record(name="a")])


@pytest.mark.parametrize(
    ("choices", "value"),
    [
        ([("", "Any"), ("1", "White"), ("2", "Green")], None),
        ([("", "Any"), ("1", "White"), ("2", "Green")], "2"),
        ([(1, '<one> & "two"'), (2, "two")], 1),
        ([("Group <g>", [("a", "A"), ("b", "B")]), ("c", "C")], "b"),
    ],
)
def test_the_filters_select_is_django_s_select(choices, value):
    attrs = {"class": "form-select", "id": "id_x", "required": True, "disabled": False}
    django_select = forms.Select(attrs=attrs, choices=choices)
    lean = lists.ListSelect(attrs=attrs, choices=choices)
    for extra in (None, {"aria-invalid": "true", "data-n": 3, "hidden": None}):
        assert lean.render("x", value, extra) == django_select.render("x", value, extra)


def test_the_body_filter_is_django_s_select_over_the_bodies():
    filters = lists.register_filters(Body)
    form = filters({"body": "ssc"}, queryset=Body.objects.all()).form
    field = form.fields["body"]
    assert isinstance(field.widget, lists.ListSelect)
    lean = str(form["body"])
    field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
    assert lean == str(form["body"])


def test_day_is_the_date_filter():
    aware = datetime.datetime(2019, 6, 30, 0, 30, tzinfo=datetime.UTC)  # 01:30 BST
    for value, fmt in [
        (datetime.date(2019, 4, 1), "j M Y"),
        (datetime.date(2019, 4, 1), "F Y"),
        (aware, "j M Y H:i"),
        (datetime.datetime(2019, 4, 1, 9, 5), "j M Y H:i"),
        ("not a date", "j M Y"),
        (None, "j M Y"),
    ]:
        filtered = engines["django"].from_string("{{ v|date:f }}").render({"v": value, "f": fmt})
        assert lists.day(value, fmt) == filtered
    assert lists.day(aware, "H:i") == "01:30"


def test_clip_is_truncatechars():
    decomposed = "Cafe\u0301 " * 3  # combining accents: not in NFC
    for text in ["", "short", "x" * 140, "x" * 141, "word " * 40, decomposed, decomposed * 20]:
        for length in (1, 10, 110, 140):
            assert lists.clip(text, length) == truncatechars(text, length)
