"""PDF through typst (see docs/decisions/0002-pdf-engine.md).

Every piece of text goes into the typst source as a string literal (`#"..."`), never as markup,
so nothing in a record can inject typst code. Fonts are vendored (Liberation Sans) and system
fonts are ignored, so every machine renders the same file.

Speed: each thread keeps one typst compiler (its fonts read once, and typst's memoised work
reused from one paper to the next): a new compiler for every file spent more time loading the
fonts and laying out what it had laid out before than compiling the paper. The output is the
same bytes either way.
"""

from __future__ import annotations

import threading
from pathlib import Path

import typst

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render import layout
from secpanel.reports.render.inline import Para, Run, paragraphs

FONTS = Path(__file__).resolve().parent.parent / "fonts"
_local = threading.local()


def _compiler() -> typst.Compiler:
    """This thread's typst compiler: the vendored fonts only, no system fonts."""
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(
            font_paths=[str(FONTS)], ignore_system_fonts=True
        )
    return compiler


def lit(text: str) -> str:
    """A typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'#"{escaped}"'


def _run(run: Run) -> str:
    out = lit(run.text)
    if run.bold:
        out = f"#strong[{out}]"
    if run.italic:
        out = f"#emph[{out}]"
    if run.href:
        out = f"#link({lit(run.href)[1:]})[{out}]"
    return out


def _para(p: Para) -> str:
    return "".join(_run(r) for r in p.runs)


def _rich(text: str) -> str:
    out = ""
    previous_bullet = False
    for p in paragraphs(text):
        if out:
            out += "\n" if (p.bullet and previous_bullet) else "\n\n"
        out += ("- " if p.bullet else "") + _para(p)
        previous_bullet = p.bullet
    return out


def _badge(level: Classification) -> str:
    """The TLP badge, as a typst code expression (outset, so it sits on the text's line)."""
    return (
        f'box(fill: rgb("{level.background}"), inset: (x: 5pt), outset: (y: 2.5pt), '
        f'text(fill: rgb("{level.colour}"), weight: "bold", {lit(level.tlp)[1:]}))'
    )


def _marking(level: Classification) -> str:
    """The footer's marking: the badge and "This document has a Classification of …"."""
    return f"[#badges.at({lit(level.name)[1:]}) #h(6pt) {lit(level.marking)}]"


def _table(block: Block) -> str:
    rows = block.rows or [[""]]
    weights = layout.column_weights(rows[0])
    columns = "(" + ", ".join(f"{w}fr" for w in weights) + ",)"
    header = ", ".join(f'[#text(weight: "bold")[{lit(cell)}]]' for cell in rows[0])
    cells = [f"[{lit(cell)}]" for row in rows[1:] for cell in row]
    # The header row repeats on every page the table reaches (table.header), and no row is
    # split across two pages (table.cell breakable: false, set once in the preamble).
    return (
        f"#table(columns: {columns}, inset: 4pt, stroke: 0.5pt + luma(150), "
        f"fill: (x, y) => if y == 0 {{ luma(230) }}, "
        f"table.header(repeat: true, {header}), {', '.join(cells)})"
    )


def _block(block: Block) -> str:
    # Headings, subheadings and the Attachments line are `sticky`: typst keeps them on the
    # page of what follows them, so none is left at the foot of a page.
    if block.kind == "heading":
        return f"#heading(level: 1)[{lit(f'{block.number}. {block.text}')}]"
    if block.kind == "heading2":
        return f"#heading(level: 2)[{lit(f'{block.number} {block.text}'.strip())}]"
    if block.kind == "subheading":
        return (
            "#block(above: 1.2em, below: 0.6em, sticky: true)"
            f'[#text(weight: "bold")[{_rich(block.text)}]]'
        )
    if block.kind == "paragraph":
        return _rich(block.text)
    if block.kind == "bullets":
        return "\n".join(f"- {_rich(item)}" for item in block.items)
    if block.kind == "signoff":
        lines = " \\\n".join(lit(i) for i in block.items)
        return f"#block(above: 2em, breakable: false)[{lines}]"
    if block.kind == "attachments":
        items = "\n".join(f"- {lit(i)}" for i in block.items)
        return (
            f'#block(above: 2em, sticky: true)[#text(weight: "bold")[{lit(block.text)}]]\n\n{items}'
        )
    if block.kind == "table":
        return _table(block)
    raise ValueError(f"Unknown block kind {block.kind!r}")


def typst_source(doc: PaperDocument) -> str:
    level = doc.level
    red = doc.appendix_level
    header_title = layout.header_title(doc)
    # The preamble is one piece of source (joined by single newlines): a blank line inside the
    # header's content would be a paragraph break there.
    preamble = [
        "#set document(title: " + lit(header_title)[1:] + ")",
        '#set text(font: "Liberation Sans", size: 10.5pt, lang: "en", region: "gb")',
        "#set par(justify: false, leading: 0.65em, spacing: 1.1em)",
        '#show heading.where(level: 1): set text(size: 13pt, fill: rgb("#12263f"))',
        '#show heading.where(level: 2): set text(size: 11pt, fill: rgb("#12263f"))',
        "#show heading: set block(above: 1.4em, below: 0.8em, sticky: true)",
        '#show link: set text(fill: rgb("#1f5fbf"))',
        "#show link: underline",
        "#show table: set text(size: 9pt)",
        "#set table.cell(breakable: false)",
        "#let badges = (",
        *(f"  {c.name}: {_badge(c)}," for c in Classification),
        ")",
        "#let markings = (",
        *(f"  {c.name}: {_marking(c)}," for c in Classification),
        ")",
        # A page is the appendix's from the page Appendix A starts on: its header and footer
        # carry the appendix's marking, the body's pages keep the edition's own.
        "#let level-here() = {",
        "  let starts = query(<appendix-start>)",
        "  if starts.len() > 0 and starts.first().location().page() <= here().page() {",
        f"    {lit(red.name)[1:]}",
        f"  }} else {{ {lit(level.name)[1:]} }}",
        "}",
        '#set page(paper: "a4", margin: (top: 2.8cm, bottom: 2.6cm, x: 2.3cm),',
        "  header: context [#set text(size: 9pt, fill: luma(60))",
        # The title takes what is left (and wraps if it must); page and badge never move.
        "    #grid(columns: (1fr, auto), column-gutter: 12pt,",
        "      align: (left + bottom, right + bottom),",
        f"      [{lit(header_title)}],",
        "      [Page #counter(page).display() of #counter(page).final().first() #h(8pt)",
        "       #badges.at(level-here())])",
        "    #line(length: 100%, stroke: 0.4pt + luma(160))],",
        "  footer: context [#set text(size: 8.5pt)",
        "    #line(length: 100%, stroke: 0.4pt + luma(160))",
        "    #markings.at(level-here())],",
        ")",
    ]
    parts = [
        "\n".join(preamble),
        f"#text(size: 10pt, fill: luma(40))[{lit('Paper Reference: ' + doc.reference)} \\\n"
        f"{lit('Action: ' + doc.action)}]",
        "#v(0.6em)",
        f'#text(size: 18pt, weight: "bold", fill: rgb("#12263f"))[{lit(doc.title)}]',
        "#v(0.4em)",
        "#block(stroke: 0.5pt + luma(160), inset: 8pt, width: 100%)"
        f"[#text(size: 9pt)[{lit(level.handling)}]]",
    ]
    notice = layout.appendix_notice(doc)
    if notice:
        parts.append(
            f'#block(stroke: 1pt + rgb("{red.colour}"), inset: 8pt, width: 100%)'
            f"[#text(size: 9pt)[#badges.at({lit(red.name)[1:]}) #h(4pt) {lit(notice)}]]"
        )
    parts.extend(_block(b) for b in doc.body)
    if doc.appendix:
        parts.append("#pagebreak()")
        parts.append('#metadata("appendix") <appendix-start>')
        parts.append(f"#heading(level: 1)[{lit(layout.appendix_name(doc))}]")
        parts.append(
            f'#block(stroke: 1pt + rgb("{red.colour}"), inset: 8pt, width: 100%)'
            f"[#text(size: 9pt)[{lit(red.handling)}]]"
        )
        parts.extend(_block(b) for b in doc.appendix)
    return "\n\n".join(parts) + "\n"


def render_pdf(doc: PaperDocument) -> bytes:
    source = typst_source(doc).encode("utf-8")
    pdf = _compiler().compile(input=source, format="pdf", timestamp=0)
    if not isinstance(pdf, bytes):  # one file for a PDF (a list is for one PNG per page)
        raise TypeError(f"typst returned {type(pdf).__name__} for a PDF")
    return pdf
