"""DOCX with python-docx: the same blocks, the marking and "Page X of Y" on every page, real
hyperlinks, and a separate section for Appendix A with its own (RED) marking."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render.inline import Run, paragraphs

NAVY = RGBColor(0x12, 0x26, 0x3F)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays the page out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def _hyperlink(paragraph: Paragraph, url: str, text: str, bold: bool, italic: bool) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F5FBF")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    if bold:
        props.append(OxmlElement("w:b"))
    if italic:
        props.append(OxmlElement("w:i"))
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


def _rich(document: Document, text: str, *, bold: bool = False) -> None:
    for p in paragraphs(text):
        para = document.add_paragraph(style="List Bullet" if p.bullet else None)
        runs = [Run(r.text, bold=r.bold or bold, italic=r.italic, href=r.href) for r in p.runs]
        _runs(para, runs)


def _marking_paragraph(paragraph: Paragraph, level: Classification) -> None:
    badge = paragraph.add_run(f" {level.tlp} ")
    badge.bold = True
    badge.font.color.rgb = _rgb(level.colour)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), level.background.lstrip("#"))
    badge._r.get_or_add_rPr().append(shading)
    paragraph.add_run(f"  {level.marking}")


def _furniture(section: object, doc: PaperDocument, level: Classification) -> None:
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = ""
    header.add_run(f"{doc.reference} – {doc.title}\t\tPage ")
    _field(header, "PAGE")
    header.add_run(" of ")
    _field(header, "NUMPAGES")
    for run in header.runs:
        run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.text = ""
    _marking_paragraph(footer, level)
    for run in footer.runs:
        run.font.size = Pt(9)


def _block(document: Document, block: Block) -> None:
    if block.kind == "heading":
        document.add_heading(f"{block.number}. {block.text}", level=1)
    elif block.kind == "heading2":
        document.add_heading(f"{block.number} {block.text}".strip(), level=2)
    elif block.kind == "subheading":
        _rich(document, block.text, bold=True)
    elif block.kind == "paragraph":
        _rich(document, block.text)
    elif block.kind == "bullets":
        for item in block.items:
            for p in paragraphs(item):
                _runs(document.add_paragraph(style="List Bullet"), p.runs)
    elif block.kind == "signoff":
        para = document.add_paragraph()
        for i, item in enumerate(block.items):
            run = para.add_run(item)
            if i < len(block.items) - 1:
                run.add_break()
    elif block.kind == "attachments":
        document.add_paragraph().add_run(block.text).bold = True
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif block.kind == "table":
        rows = block.rows
        table = document.add_table(rows=len(rows), cols=len(rows[0]) if rows else 1)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
                if r == 0:
                    for run in table.cell(r, c).paragraphs[0].runs:
                        run.bold = True
    else:
        raise ValueError(f"Unknown block kind {block.kind!r}")


def render_docx(doc: PaperDocument) -> bytes:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)
    for name, size in (("Heading 1", 13), ("Heading 2", 11), ("Title", 18)):
        styles[name].font.name = "Arial"
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = NAVY
    props = document.core_properties
    props.title = f"{doc.reference} – {doc.title}"
    props.subject = doc.level.marking
    props.author = "secpanel"
    _furniture(document.sections[0], doc, doc.level)

    meta = document.add_paragraph()
    meta.add_run(f"Paper Reference: {doc.reference}").add_break()
    meta.add_run(f"Action: {doc.action}")
    document.add_paragraph(doc.title, style="Title")
    handling = document.add_paragraph(doc.level.handling)
    handling.runs[0].font.size = Pt(9)
    handling.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for block in doc.body:
        _block(document, block)
    if doc.appendix:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _furniture(section, doc, doc.appendix_level)
        document.add_heading(doc.appendix_title, level=1)
        document.add_paragraph(doc.appendix_level.handling).runs[0].font.size = Pt(9)
        for block in doc.appendix:
            _block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
