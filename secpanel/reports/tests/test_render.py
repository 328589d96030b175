"""Renderers: the same blocks in every format, markings on every page, no markup injection."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from secpanel.core.classification import Classification
from secpanel.reports.compiler import EditionLeakError, check_edition
from secpanel.reports.document import Block, PaperDocument, Source
from secpanel.reports.render.docx import render_docx
from secpanel.reports.render.html import render_html
from secpanel.reports.render.pdf import render_pdf, typst_source
from secpanel.reports.render.text import links, render_text
from secpanel.reports.words import number_words


def _doc(**kw):
    base = dict(
        reference="SECP_70_1207_9",
        title="Sub-Committee Report",
        action="For Information",
        classification=Classification.WHITE,
        edition="public",
        body=[
            Block(kind="heading", number="1", text="Purpose", key="p-h"),
            Block(
                kind="paragraph", text="See [SECMP0024](https://example.org/mp24/) now.", key="p"
            ),
            Block(kind="bullets", items=["One item", "Two"], key="b"),
        ],
    )
    base.update(kw)
    return PaperDocument(**base)


def test_numbers_are_written_as_words():
    assert [number_words(n) for n in (0, 1, 4, 12, 21, 40, 105)] == [
        "zero",
        "one",
        "four",
        "twelve",
        "twenty-one",
        "forty",
        "one hundred and five",
    ]


def test_pdf_has_the_marking_reference_and_page_x_of_y_on_every_page():
    from pypdf import PdfReader

    pdf = render_pdf(_doc())
    reader = PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() for p in reader.pages]
    assert pages
    for i, text in enumerate(pages, start=1):
        assert "This document has a Classification of White" in text
        assert "SECP_70_1207_9" in text
        assert f"Page {i} of {len(pages)}" in " ".join(text.split())


def test_text_from_a_record_cannot_inject_typst_code():
    from pypdf import PdfReader

    evil = 'Before ]#panic("owned") $x$ // not a comment /* nor this'
    doc = _doc(body=[Block(kind="paragraph", text=evil, key="e")])
    assert '#panic("owned")' not in typst_source(doc)  # only inside a string literal
    pdf = render_pdf(doc)  # typst would abort on panic() had the text been taken as code
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert ']#panic("owned") $x$ // not a comment /* nor this' in text


def test_docx_carries_hyperlinks_page_fields_and_the_marking():
    data = render_docx(_doc())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
        headers = "".join(z.read(n).decode() for n in z.namelist() if "header" in n)
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "w:hyperlink" in xml and "https://example.org/mp24/" in rels
    assert "This document has a Classification of White" in footers
    assert " PAGE " in headers and " NUMPAGES " in headers
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Paper Reference: SECP_70_1207_9" in text


def test_appendix_gets_its_own_red_marking_in_docx_and_html():
    doc = _doc(
        edition="panel",
        appendix_title="Appendix A: Findings",
        appendix=[
            Block(
                kind="table",
                rows=[["Party", "Outcome"], ["Acme", "Approved"]],
                level=Classification.RED,
                key="t",
            ),
        ],
    )
    with zipfile.ZipFile(io.BytesIO(render_docx(doc))) as z:
        footers = [z.read(n).decode() for n in z.namelist() if "footer" in n]
    assert any("Classification of Red" in f for f in footers)
    assert any("Classification of White" in f for f in footers)
    html = render_html(doc).decode()
    assert "Appendix A: Findings" in html and "Classification of Red" in html
    # the file as a whole is as high as its highest part
    assert '<meta name="classification" content="TLP:RED">' in html
    assert html.index("This edition includes Appendix A: Findings") < html.index("1. Purpose")
    public = render_html(_doc()).decode()
    assert '<meta name="classification" content="TLP:CLEAR">' in public
    assert "This edition includes" not in public


def test_html_is_sanitised():
    doc = _doc(body=[Block(kind="paragraph", text="<script>alert(1)</script> **bold**", key="x")])
    html = render_html(doc).decode()
    assert "<script>alert" not in html and "<strong>bold</strong>" in html


def test_plain_text_and_links_follow_the_blocks():
    doc = _doc()
    assert "See SECMP0024 now." in render_text(doc)
    assert "• One item" in render_text(doc)
    assert links(doc) == ["https://example.org/mp24/"]


def test_an_edition_refuses_a_block_above_its_level_naming_the_record():
    doc = _doc(
        body=[
            Block(
                kind="paragraph",
                text="x",
                level=Classification.AMBER,
                key="x",
                sources=[Source("meetings.highlight", 7, 3, "")],
            )
        ]
    )
    with pytest.raises(EditionLeakError, match=r"meetings.highlight #7 is Amber"):
        check_edition(doc)


def test_the_public_edition_cannot_carry_an_appendix():
    doc = _doc(appendix=[Block(kind="paragraph", text="x", level=Classification.RED)])
    with pytest.raises(EditionLeakError, match="Appendix A"):
        check_edition(doc)


def test_a_docx_rendered_twice_is_the_same_file(monkeypatch):
    """Reproducible bytes: a restored backup re-renders an issued paper with its SHA-256, even
    hours later (python-docx stamps each zip entry with the clock; the stamps are fixed)."""
    import hashlib
    import time

    doc = PaperDocument(
        reference="SECP_1",
        title="T",
        action="For information",
        classification=Classification.WHITE,
        body=[Block(kind="paragraph", text="One.")],
    )
    first = render_docx(doc)
    real = time.localtime
    monkeypatch.setattr(time, "localtime", lambda *a: real(time.time() + 7200))
    second = render_docx(doc)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    assert Document(io.BytesIO(first)).paragraphs  # still a document Word opens
