"""DOCX with python-docx: the same blocks, the marking and "Page X of Y" on every page, real
hyperlinks, and a separate section for Appendix A with its own (RED) marking.

The page is the PDF's (A4, the same margins) and the type one family throughout: Arial, which
is metric-compatible with the PDF's Liberation Sans (LibreOffice shows one for the other). The
template's theme fonts are taken out of every style, so headings, tables, lists and the
header and footer cannot fall back to Calibri or Cambria. Headings and subheadings keep with
the next paragraph; the appendix tables have fixed column widths, a header row repeated on
every page and rows that never split across two pages.

Speed: python-docx finds a style named on a paragraph by scanning every style of the document,
each time; the styles used here are looked up once per document (`_style_ids`) and set by id,
which writes the same XML. python-docx's template with the styles and the one font applied is
made once per process (`_template`) and each paper starts from a copy of it. The package is
written once, straight into a zip with fixed timestamps (`_save`), instead of saved and then
copied into a second zip to fix them. Table cells after the first of their row kind copy its
paragraph and run properties. The bytes are the same as before (docs/decisions/0007, Speed).
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render import layout
from secpanel.reports.render.inline import Run, paragraphs

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.packuri import PackURI
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.section import Section
    from docx.table import Table, _Cell

FONT = "Arial"
NAVY = RGBColor(0x12, 0x26, 0x3F)
GREY = "A0A0A0"
HEADER_GREY = RGBColor(0x3C, 0x3C, 0x3C)
TABLE_HEAD_FILL = "E6E6E6"
# A4 and the PDF's margins (pdf.py: top 2.8cm, bottom 2.6cm, x 2.3cm).
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = Cm(2.3), Cm(2.8), Cm(2.6)
TEXT_WIDTH = Length(PAGE_WIDTH - 2 * MARGIN_X)
# The running header: the title takes what is left (and wraps if it must), "Page X of Y" and
# the badge have a fixed cell on the right, so nothing runs past the margin at any title.
HEADER_RIGHT = Cm(4.6)
# pPr children that come after w:pBdr (ECMA-376 order), to insert the border in its place.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:jc",
    "w:outlineLvl",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_TBLW = (
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)
# Bullet glyphs of the template's lists that live in symbol fonts, and the same in Arial.
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪"}
# The styles paragraphs and tables name (none of them the template's default of its kind).
BULLET, HEADING_1, HEADING_2, TITLE, TABLE_GRID = (
    "List Bullet",
    "Heading 1",
    "Heading 2",
    "Title",
    "Table Grid",
)
# Every zip entry's timestamp (1980-01-01, the zip format's first day) and permissions.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ZIP_ATTR = 0o600 << 16


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# -- type and styles ----------------------------------------------------------------------------
def _set_font(rfonts: BaseOxmlElement) -> None:
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)


def _one_font(document: DocxDocument) -> None:
    """FONT in the document defaults, every style and the list bullets: no theme font left."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")
    for rfonts in styles.iter(qn("w:rFonts")):
        _set_font(rfonts)
    numbering = document.part.numbering_part.element
    for rfonts in numbering.iter(qn("w:rFonts")):
        _set_font(rfonts)
    for text in numbering.iter(qn("w:lvlText")):
        value = text.get(qn("w:val"), "")
        if value in _BULLETS:
            text.set(qn("w:val"), _BULLETS[value])


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before, after in (
        ("Heading 1", 13, 14, 4),
        ("Heading 2", 11, 10, 3),
        ("Title", 18, 6, 8),
    ):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    # The template's Title has a blue rule under it; the PDF's title has none.
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None:
        for border in title_ppr.findall(qn("w:pBdr")):
            title_ppr.remove(border)
    styles["List Bullet"].paragraph_format.space_after = Pt(2)
    for name in ("Header", "Footer"):
        styles[name].paragraph_format.space_after = Pt(0)
        styles[name].paragraph_format.line_spacing = 1.0


def _page(section: Section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_X
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Cm(1.1)


def _style_ids(document: DocxDocument) -> dict[str, str]:
    """The id of each style named here, looked up once (python-docx scans every style of the
    document on each lookup by name)."""
    names = (BULLET, HEADING_1, HEADING_2, TITLE, TABLE_GRID)
    return {name: document.styles[name].style_id for name in names}


def _paragraph(document: DocxDocument, text: str = "", style_id: str = "") -> Paragraph:
    """document.add_paragraph(text, style) with the style given by id: the same XML."""
    paragraph = document.add_paragraph(text)
    if style_id:
        paragraph._p.style = style_id
    return paragraph


# -- small pieces -------------------------------------------------------------------------------
def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays the page out: one run per
    part, so each takes the paragraph's run formatting."""
    parts: list[tuple[str, str]] = [
        ("begin", ""),
        ("instr", f" {instruction} "),
        ("separate", ""),
        ("result", "1"),
        ("end", ""),
    ]
    for kind, text in parts:
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "result":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _hyperlink(paragraph: Paragraph, url: str, text: str, bold: bool, italic: bool) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    if bold:
        props.append(OxmlElement("w:b"))
    if italic:
        props.append(OxmlElement("w:i"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F5FBF")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _runs(paragraph: Paragraph, runs: list[Run]) -> None:
    for r in runs:
        if r.href:
            _hyperlink(paragraph, r.href, r.text, r.bold, r.italic)
        else:
            run = paragraph.add_run(r.text)
            run.bold = r.bold or None
            run.italic = r.italic or None


def _rich(
    document: DocxDocument, ids: dict[str, str], text: str, *, bold: bool = False
) -> list[Paragraph]:
    out = []
    for p in paragraphs(text):
        para = _paragraph(document, style_id=ids[BULLET] if p.bullet else "")
        runs = [Run(r.text, bold=r.bold or bold, italic=r.italic, href=r.href) for r in p.runs]
        _runs(para, runs)
        out.append(para)
    return out


def _border(paragraph: Paragraph, colour: str, eighths: int, sides: tuple[str, ...]) -> None:
    """A paragraph border (sz in eighths of a point), as the PDF's boxes and rules."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(eighths))
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), colour.lstrip("#").upper())
        borders.append(el)
    ppr.insert_element_before(borders, *_AFTER_PBDR)


def _boxed(paragraph: Paragraph, colour: str, eighths: int) -> None:
    _border(paragraph, colour, eighths, ("top", "left", "bottom", "right"))
    paragraph.paragraph_format.left_indent = Pt(5)
    paragraph.paragraph_format.right_indent = Pt(5)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(10)


def _badge(paragraph: Paragraph, level: Classification) -> None:
    badge = paragraph.add_run(f"\u00a0{level.tlp}\u00a0")
    badge.bold = True
    badge.font.color.rgb = _rgb(level.colour)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), level.background.lstrip("#"))
    badge._r.get_or_add_rPr().append(shading)


def _size(paragraph: Paragraph, size: float) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHD)


def _fixed_widths(table: Table, widths: list[int]) -> None:
    """Real column widths: fixed layout, the table's width, every grid column and every cell."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(Emu(sum(widths)).twips))
    tbl_pr.insert_element_before(tbl_w, *_AFTER_TBLW)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Emu(width)


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The size of the paragraph mark (what an empty paragraph is as high as)."""
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)
    paragraph._p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def _tight(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


# -- header and footer --------------------------------------------------------------------------
def _furniture(section: Section, doc: PaperDocument, level: Classification) -> None:
    """The running header (title, "Page X of Y", badge) and the footer's marking."""
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = section.header
    rule = header.paragraphs[0]
    rule.text = ""
    widths = [int(TEXT_WIDTH - HEADER_RIGHT), int(HEADER_RIGHT)]
    table = header.add_table(1, 2, Emu(sum(widths)))
    _fixed_widths(table, widths)
    rule._p.addprevious(table._tbl)  # the table first, the rule under it
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        _tight(cell.paragraphs[0])
    title = left.paragraphs[0]
    title.add_run(layout.header_title(doc))
    page = right.paragraphs[0]
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page.add_run("Page ")
    _field(page, "PAGE")
    page.add_run(" of ")
    _field(page, "NUMPAGES")
    page.add_run("  ")
    _badge(page, level)
    for para in (title, page):
        _size(para, 9)
        for run in para.runs:
            if run.font.color.rgb is None:
                run.font.color.rgb = HEADER_GREY
    _tight(rule)
    _mark_size(rule, 2)  # an empty paragraph as high as its mark: just the rule
    _border(rule, GREY, 4, ("bottom",))

    footer = section.footer.paragraphs[0]
    footer.text = ""
    _border(footer, GREY, 4, ("top",))
    _badge(footer, level)
    footer.add_run(f"  {level.marking}")
    _size(footer, 8.5)


# -- blocks -------------------------------------------------------------------------------------
def _table(document: DocxDocument, ids: dict[str, str], rows: list[list[str]]) -> None:
    rows = rows or [[""]]
    count = len(rows[0])
    weights = layout.column_weights(rows[0])
    widths = [int(TEXT_WIDTH * w / sum(weights)) for w in weights]
    table = document.add_table(rows=len(rows), cols=count)
    table._tbl.tblStyle_val = ids[TABLE_GRID]  # table.style = "Table Grid", by id
    _fixed_widths(table, widths)
    formats: dict[str, tuple[BaseOxmlElement, BaseOxmlElement]] = {}  # header, body
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row never splits across two pages
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
        kind = "header" if r == 0 else "body"
        for c, cell in enumerate(row.cells):
            para = cell.paragraphs[0]
            text = rows[r][c] if c < len(rows[r]) else ""
            if kind in formats:
                # The first cell's paragraph and run properties, copied: the same XML as
                # setting them again, at a fraction of python-docx's cost per property.
                paragraph_pr, run_pr = formats[kind]
                para._p.insert(0, copy.deepcopy(paragraph_pr))
                para.add_run(text)._r.insert(0, copy.deepcopy(run_pr))
                if r == 0:
                    _shade(cell, TABLE_HEAD_FILL)
                continue
            _tight(para)
            para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(1.5)
            run = para.add_run(text)
            run.font.size = Pt(9)
            if r == 0:
                run.bold = True
                _shade(cell, TABLE_HEAD_FILL)
                para.paragraph_format.keep_with_next = True
            paragraph_pr, run_pr = para._p.pPr, run._r.rPr
            if paragraph_pr is not None and run_pr is not None:  # both set just above
                formats[kind] = (paragraph_pr, run_pr)


def _block(document: DocxDocument, ids: dict[str, str], block: Block) -> None:
    if block.kind == "heading":
        heading = _paragraph(document, f"{block.number}. {block.text}", ids[HEADING_1])
        heading.paragraph_format.keep_with_next = True
    elif block.kind == "heading2":
        heading = _paragraph(document, f"{block.number} {block.text}".strip(), ids[HEADING_2])
        heading.paragraph_format.keep_with_next = True
    elif block.kind == "subheading":
        for para in _rich(document, ids, block.text, bold=True):
            fmt = para.paragraph_format
            fmt.keep_with_next = True
            fmt.space_before = Pt(8)
            fmt.space_after = Pt(2)
    elif block.kind == "paragraph":
        _rich(document, ids, block.text)
    elif block.kind == "bullets":
        for item in block.items:
            for p in paragraphs(item):
                _runs(_paragraph(document, style_id=ids[BULLET]), p.runs)
    elif block.kind == "signoff":
        para = document.add_paragraph()
        para.paragraph_format.space_before = Pt(12)
        para.paragraph_format.keep_together = True
        for i, item in enumerate(block.items):
            run = para.add_run(item)
            if i < len(block.items) - 1:
                run.add_break()
    elif block.kind == "attachments":
        para = document.add_paragraph()
        para.add_run(block.text).bold = True
        para.paragraph_format.space_before = Pt(12)
        para.paragraph_format.keep_with_next = True
        for item in block.items:
            _paragraph(document, item, ids[BULLET])
    elif block.kind == "table":
        _table(document, ids, block.rows)
    else:
        raise ValueError(f"Unknown block kind {block.kind!r}")


@functools.cache
def _template() -> bytes:
    """python-docx's default template with the paper's styles and the one font: made once.
    Opening these bytes gives the same document as making it again (the same XML, and the
    same bytes when saved)."""
    document = Document()
    _styles(document)
    _one_font(document)
    return _save(document)


def render_docx(doc: PaperDocument) -> bytes:
    document = Document(io.BytesIO(_template()))
    ids = _style_ids(document)
    props = document.core_properties
    props.title = layout.header_title(doc)
    props.subject = doc.level.marking
    props.author = "secpanel"
    _page(document.sections[0])
    _furniture(document.sections[0], doc, doc.level)

    meta = document.add_paragraph()
    meta.add_run(f"Paper Reference: {doc.reference}").add_break()
    meta.add_run(f"Action: {doc.action}")
    _paragraph(document, doc.title, ids[TITLE])
    handling = document.add_paragraph(doc.level.handling)
    _size(handling, 9)
    _boxed(handling, GREY, 4)
    notice = layout.appendix_notice(doc)
    if notice:
        red = doc.appendix_level
        para = document.add_paragraph()
        _badge(para, red)
        para.add_run(f"  {notice}")
        _size(para, 9)
        _boxed(para, red.colour, 8)
    for block in doc.body:
        _block(document, ids, block)
    if doc.appendix:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page(section)
        _furniture(section, doc, doc.appendix_level)
        heading = _paragraph(document, layout.appendix_name(doc), ids[HEADING_1])
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.keep_with_next = True
        handling = document.add_paragraph(doc.appendix_level.handling)
        _size(handling, 9)
        _boxed(handling, doc.appendix_level.colour, 8)
        for block in doc.appendix:
            _block(document, ids, block)
    return _save(document)


class _FixedZip:
    """python-docx's zip writer (`PhysPkgWriter`: deflated entries in the order written),
    with every entry stamped _ZIP_DATE instead of the time it was written."""

    def __init__(self, out: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(out, "w")

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = _ZIP_ATTR
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def _save(document: DocxDocument) -> bytes:
    """The document as a .docx, the same document giving the same bytes: python-docx stamps
    every part of the zip with the time it was written, and a restored database re-rendering
    an issued paper (and anyone checking its SHA-256) must get the file that was issued.
    `OpcPackage.save` step by step (the same parts, in the same order), into _FixedZip."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedZip(out)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]  # duck-typed writer
    writer.close()
    return out.getvalue()
