"""What the renderers and the compiler keep from one paper to the next, for speed
(docs/decisions/0007-paper-providers.md, "Speed"), changes nothing they produce: a reused
Markdown converter carries nothing from one text to the next, the shared typst compiler gives
the bytes a new one gives, the DOCX table cells all carry their formatting, and the compile
reads a body's month of decisions, actions and highlights through an index, not its decade."""

from __future__ import annotations

import io

import markdown
import pytest
import typst
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn

from secpanel.core.classification import Classification
from secpanel.reports.compiler import compile_report
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.models import PanelReport
from secpanel.reports.render import inline
from secpanel.reports.render.docx import render_docx
from secpanel.reports.render.pdf import FONTS, render_pdf, typst_source


def _doc(text: str, rows: list[list[str]] | None = None) -> PaperDocument:
    body = [Block(kind="heading", number="1", text="Purpose"), Block(kind="paragraph", text=text)]
    if rows:
        body.append(Block(kind="table", rows=rows))
    return PaperDocument(
        reference="SECP_1",
        title="Sub-Committee Report",
        action="For Information",
        classification=Classification.WHITE,
        body=body,
    )


def test_a_text_converts_as_markdown_converts_it_afresh_whatever_came_before():
    """The converter is reused: a reference defined in one text must not link another."""
    inline.to_html.cache_clear()
    defines = "See [the code][sec].\n\n[sec]: https://example.org/sec\n\n<b>raw</b>"
    uses = "Then [the code][sec] again, and <i>raw</i> too."
    assert "example.org" in inline.to_html(defines)
    got = inline.to_html(uses)
    assert "example.org" not in got and "[the code][sec]" in got
    inline.to_html.cache_clear()
    inline._local.__dict__.clear()  # a new converter for this thread
    assert got == inline.to_html(uses)
    assert "[the code][sec]" in markdown.markdown(uses, extensions=["sane_lists"])


def test_paragraphs_are_new_objects_on_every_call():
    first = inline.paragraphs("One **two**.\n\n- three")
    first[0].runs.clear()
    first.pop()
    again = inline.paragraphs("One **two**.\n\n- three")
    assert [len(p.runs) for p in again] == [3, 1]
    assert [r.text for r in again[0].runs] == ["One ", "two", "."]


def test_the_shared_typst_compiler_gives_the_bytes_of_a_new_one():
    one, other = _doc("First paper."), _doc("Second paper, [linked](https://example.org/).")
    render_pdf(one)  # the shared compiler has laid out another paper before
    got = render_pdf(other)
    fresh = typst.compile(  # type: ignore[call-overload]  # the stub ties font paths to bytes
        typst_source(other).encode(),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        format="pdf",
        timestamp=0,
    )
    assert got == fresh
    assert render_pdf(one) != got


def test_every_docx_table_cell_carries_its_rows_formatting():
    """Cells after the first of their row copy its properties: each has them all."""
    rows = [["Party", "Outcome"], ["A", "Compliant"], ["B", ""], ["C", "Non-compliant"]]
    document = Document(io.BytesIO(render_docx(_doc("Text.", rows))))
    table = document.tables[0]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            p = cell.paragraphs[0]
            spacing = p._p.pPr.find(qn("w:spacing"))
            assert (spacing.get(qn("w:before")), spacing.get(qn("w:after"))) == ("30", "30")
            assert spacing.get(qn("w:line")) == "240"
            assert [run.font.size.pt for run in p.runs] == [9.0]
            assert p.text == rows[r][c]
            assert bool(p.runs[0].bold) is (r == 0)
            assert p.paragraph_format.keep_with_next is (True if r == 0 else None)
            shading = cell._tc.tcPr.find(qn("w:shd"))
            assert (shading is not None) is (r == 0)


@pytest.mark.django_db
def test_the_compile_reads_a_bodys_month_through_an_index(demo_data):
    """A body's decisions, actions and highlights of the month are found through an index on
    (owning body, date): the compile does not walk all the body's records (SQLite's plan)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plans; PostgreSQL plans by its statistics")
    report = PanelReport.objects.unrestricted().get(meeting__body__kind="panel", meeting__number=68)
    with CaptureQueriesContext(connection) as queries:
        compile_report(report, actor=report.author)
    expected = {  # table: (its month's column, the index)
        "meetings_decision": ("date", "meetings_decision_body_date"),
        "meetings_action": ("raised_on", "meetings_action_body_raised"),
        "meetings_highlight": ("period", "meetings_highlight_body_period"),
    }
    checked: dict[str, int] = {}
    for query in queries.captured_queries:
        sql = query["sql"]
        for table, (month, index) in expected.items():
            by_body = f'"{table}"."owning_body_id" = '
            in_month = f'"{table}"."{month}" '
            if not sql.startswith(f'SELECT "{table}".') or by_body not in sql:
                continue
            if in_month not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " ".join(row[-1] for row in cursor.fetchall())
            if f"{table} USING INTEGER PRIMARY KEY" in plan:
                continue  # records named by id (a highlight's citations): read by id
            assert f"{table} USING INDEX {index}" in plan, (sql, plan)
            checked[table] = checked.get(table, 0) + 1
    assert set(checked) == set(expected)
