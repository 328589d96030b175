"""The editions look right: on the page (PDF, read back with pypdf) and in the DOCX's XML.

A paper built by hand, long enough that headings meet page feet and Appendix A's table runs
over several pages: the Panel edition says on its first page that it carries a RED Appendix A
and for whom, every appendix page is marked RED at its head and foot while the body keeps the
edition's White, no heading is left at the foot of a page, the table's header row is repeated on
every page and no row is split, the running header fits at any title, and the DOCX is one font.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.shared import Cm

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render.docx import FONT, render_docx
from secpanel.reports.render.html import render_html
from secpanel.reports.render.pdf import render_pdf

HEADER = ["Party", "User Role", "Assessment", "Outcome", "Findings", "Decided"]
ROWS = 40
SECTIONS = 24
LONG_TITLE = (
    "SEC Panel Sub-Committee Report on Security Assurance, Technical Architecture, Testing "
    "and Operations, with the Sub-Committees' Highlights for the Month"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rows() -> list[list[str]]:
    rows = [HEADER]
    for i in range(ROWS):
        finding = "G5.14 – Privileged access to the User System is not reviewed at the required "
        rows.append(
            [
                f"ROWSTART{i:02d} Energy Supply Ltd",
                "Import Supplier, Gas Supplier",
                "VUSA, year 2",
                "Approved, subject to the Party testing its procedure" if i % 3 else "Compliant",
                (finding + "frequency; ") * (1 + i % 4) + f"ROWEND{i:02d}",
                "SSC, 24 April 2019",
            ]
        )
    return rows


def _body() -> list[Block]:
    body = []
    for i in range(SECTIONS):
        # Paragraphs of uneven length, so headings land anywhere: with these lengths, some
        # subheadings fall at a page foot in both editions unless kept with their paragraph.
        words = 20 + (i * 29) % 150
        body += [
            Block(kind="heading", number=str(i + 1), text=f"Section{i:02d}", key=f"h{i}"),
            Block(kind="subheading", text=f"SUB{i:02d}", key=f"s{i}"),
            Block(
                kind="paragraph", text=f"PARA{i:02d}START " + "lorem ipsum " * words, key=f"p{i}"
            ),
        ]
    body.append(
        Block(
            kind="attachments",
            text="Attachments:",
            items=["Appendix A: Findings (RED)"],
            key="attachments",
        )
    )
    return body


def _paper(edition: str = "panel", title: str = "SEC Panel Sub-Committee Report") -> PaperDocument:
    appendix = []
    if edition == "panel":
        appendix = [
            Block(kind="heading2", text="Verification", level=Classification.RED, key="a-h"),
            Block(kind="table", rows=_rows(), level=Classification.RED, key="a-t"),
        ]
    return PaperDocument(
        reference="SECP_70_1207_9",
        title=title,
        action="For Information",
        classification=Classification.WHITE,
        body=_body(),
        appendix=appendix,
        appendix_title="Appendix A: Findings" if appendix else "",
        edition=edition,
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def panel_pages() -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(_paper()))).pages]


@pytest.fixture(scope="module")
def public_pages() -> list[str]:
    from pypdf import PdfReader

    pdf = render_pdf(_paper("public"))
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def _appendix_start(pages: list[str]) -> int:
    """The page Appendix A starts on: the one with its RED handling statement."""
    return next(i for i, text in enumerate(pages) if "classified as Red" in " ".join(text.split()))


def _page_of(pages: list[str], token: str) -> int:
    found = [i for i, text in enumerate(pages) if token in _squash(text)]
    assert len(found) == 1, f"{token} on pages {found}"
    return found[0]


# -- PDF ----------------------------------------------------------------------------------------
def test_pdf_panel_edition_says_on_page_one_that_it_carries_a_red_appendix_a(
    panel_pages, public_pages
):
    first = " ".join(panel_pages[0].split())
    assert "This edition includes Appendix A: Findings, classified RED" in first
    assert "for the Panel members and the named recipients of this paper only" in first
    assert "must not be shared with anyone else" in first
    # the public edition says nothing of it beyond its Attachments line
    public = " ".join(" ".join(public_pages).split())
    assert "This edition includes" not in public and "TLP:RED" not in public
    assert "named recipients" not in public and public.count("Appendix A") == 1


def test_pdf_appendix_pages_are_red_at_head_and_foot_and_the_body_keeps_white(panel_pages):
    start = _appendix_start(panel_pages)
    assert len(panel_pages) - start >= 3, "the appendix should run over several pages"
    for text in panel_pages[:start]:
        assert "This document has a Classification of White" in text
        assert "Classification of Red" not in text
        assert "TLP:CLEAR" in text
    for text in panel_pages[start:]:
        assert "This document has a Classification of Red" in text
        assert text.count("TLP:RED") >= 2, "RED in the header and in the footer"
        assert "TLP:CLEAR" not in text and "Classification of White" not in text


def test_pdf_appendix_table_repeats_its_header_and_never_splits_a_row(panel_pages):
    start = _appendix_start(panel_pages)
    for text in panel_pages[start:]:
        assert "PartyUserRoleAssessmentOutcomeFindingsDecided" in _squash(text)
    for i in range(ROWS):
        assert _page_of(panel_pages, f"ROWSTART{i:02d}") == _page_of(panel_pages, f"ROWEND{i:02d}")


def test_pdf_headings_keep_with_the_next_paragraph(panel_pages, public_pages):
    for pages in (panel_pages, public_pages):
        for i in range(SECTIONS):
            page = _page_of(pages, f"Section{i:02d}")
            assert _page_of(pages, f"SUB{i:02d}") == page, f"heading {i} left behind"
            assert _page_of(pages, f"PARA{i:02d}START") == page, f"subheading {i} left behind"
    page = next(i for i, t in enumerate(panel_pages) if "Attachments:" in t)
    assert "Appendix A: Findings (RED)" in panel_pages[page]


def test_pdf_running_header_fits_at_a_long_title():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(_paper(title=LONG_TITLE))))
    for page in reader.pages:
        width = float(page.mediabox.width)
        margin = 2.3 / 2.54 * 72
        starts: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, _font, _size, starts=starts):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                starts.append((text.strip(), x, y))

        page.extract_text(visitor_text=visit)
        for text, x, _y in starts:
            assert margin - 1 <= x <= width - margin, f"{text!r} starts outside the margins"
        height = float(page.mediabox.height)
        head = [(t, x, y) for t, x, y in starts if height - 2.8 / 2.54 * 72 < y < height]
        page_no = next(x for t, x, _ in head if t.startswith("Page "))
        badge = next(x for t, x, _ in head if t.startswith("TLP:"))
        # "Page X of Y" and the badge stay at the right, the title wraps on the left
        assert page_no > width / 2 and badge > page_no
        title_lines = {round(y) for t, x, y in head if x < width / 2}
        assert len(title_lines) >= 2, "the long title wraps within the header"
        assert max(y for _t, _x, y in head) + 9 < height, "the header stays on the page"


# -- DOCX ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def panel_docx() -> bytes:
    return render_docx(_paper())


def _xml(data: bytes, name_part: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if name_part in n]


def test_docx_appendix_table_has_widths_a_repeated_header_and_rows_that_do_not_split(panel_docx):
    document = Document(io.BytesIO(panel_docx))
    (table,) = document.tables
    tbl = table._tbl
    assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
    assert len(grid) == len(HEADER)
    assert max(grid) == grid[HEADER.index("Findings")], "Findings is the widest column"
    assert min(grid) > 1000, "no column narrower than ~1.8cm"
    assert sum(grid) <= Cm(21 - 2 * 2.3).twips
    rows = tbl.findall(f"{W}tr")
    assert len(rows) == ROWS + 1
    for r, tr in enumerate(rows):
        tr_pr = tr.find(f"{W}trPr")
        assert tr_pr is not None and tr_pr.find(f"{W}cantSplit") is not None, f"row {r} may split"
        assert (tr_pr.find(f"{W}tblHeader") is not None) == (r == 0)
        widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in tr.findall(f"{W}tc")]
        assert widths == grid, f"row {r} has its own widths"


def test_docx_headings_and_subheadings_keep_with_next(panel_docx):
    document = Document(io.BytesIO(panel_docx))
    kept = {p.text: p.paragraph_format.keep_with_next for p in document.paragraphs}
    for i in range(SECTIONS):
        assert kept[f"{i + 1}. Section{i:02d}"] is True
        assert kept[f"SUB{i:02d}"] is True
    assert kept["Verification"] is True and kept["Appendix A: Findings"] is True
    assert kept["Attachments:"] is True
    for name in ("Heading 1", "Heading 2"):
        assert document.styles[name].paragraph_format.keep_with_next is True


def test_docx_is_one_font_family_throughout(panel_docx):
    parts = [
        *_xml(panel_docx, "styles.xml"),
        *_xml(panel_docx, "document.xml"),
        *_xml(panel_docx, "numbering.xml"),
        *_xml(panel_docx, "header"),
        *_xml(panel_docx, "footer"),
    ]
    xml = "".join(parts)
    assert not re.search(r'w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)="', xml)
    rfonts = re.findall(r"<w:rFonts [^>]*>", xml)
    assert rfonts
    fonts = {f for el in rfonts for f in re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', el)}
    assert fonts == {FONT}
    assert "\uf0b7" not in xml, "no Symbol-font bullets"
    document = Document(io.BytesIO(panel_docx))
    for style in ("Normal", "Heading 1", "Heading 2", "Title", "List Bullet", "Table Grid"):
        assert document.styles[style].font.name in (FONT, None)
    assert document.styles["Normal"].font.name == FONT
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}ascii") == FONT and defaults.get(f"{W}hAnsi") == FONT


def test_docx_marks_the_appendix_section_red_and_the_body_white(panel_docx):
    document = Document(io.BytesIO(panel_docx))
    body, appendix = document.sections
    for section in (body, appendix):
        assert abs(section.page_width - Cm(21)) < Cm(0.01)  # A4, as the PDF
        assert abs(section.page_height - Cm(29.7)) < Cm(0.01)

    def text(part) -> str:
        cells = [c.text for t in part.tables for row in t.rows for c in row.cells]
        return " ".join([*cells, *(p.text for p in part.paragraphs)])

    assert "TLP:CLEAR" in text(body.header) and "TLP:RED" not in text(body.header)
    assert "Classification of White" in text(body.footer)
    assert "TLP:RED" in text(appendix.header) and "TLP:CLEAR" not in text(appendix.header)
    assert "Classification of Red" in text(appendix.footer)
    # the header: fixed columns across the text width, the title's cell takes the rest
    (head,) = body.header.tables
    assert head._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    grid = [int(c.get(f"{W}w")) for c in head._tbl.tblGrid.findall(f"{W}gridCol")]
    assert sum(grid) <= Cm(21 - 2 * 2.3).twips and grid[0] > grid[1]
    paras = [p.text for p in document.paragraphs]
    notice = next(i for i, p in enumerate(paras) if "This edition includes Appendix A" in p)
    assert notice < paras.index("1. Section00")
    assert "named recipients of this paper only" in paras[notice]


def test_docx_public_edition_has_no_appendix_notice():
    document = Document(io.BytesIO(render_docx(_paper("public"))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "This edition includes" not in text and "named recipients" not in text
    assert len(document.sections) == 1


def test_html_panel_edition_carries_the_same_notice():
    html = render_html(_paper()).decode()
    assert "Appendix A is for the Panel members and the named recipients" in html
    assert "This edition includes" not in render_html(_paper("public")).decode()
