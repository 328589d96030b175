"""PDF through typst (see docs/decisions/0002-pdf-engine.md).

Every piece of text goes into the typst source as a string literal (`#"..."`), never as markup,
so nothing in a record can inject typst code. Fonts are vendored (Liberation Sans) and system
fonts are ignored, so every machine renders the same file.
"""

from __future__ import annotations

from pathlib import Path

import typst

from secpanel.core.classification import Classification
from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render.inline import Para, Run, paragraphs

FONTS = Path(__file__).resolve().parent.parent / "fonts"


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


def _marking(level: Classification) -> str:
    return (
        f'#box(fill: rgb("{level.background}"), inset: (x: 6pt, y: 3pt))'
        f'[#text(fill: rgb("{level.colour}"), weight: "bold")[{lit(level.tlp)}]]'
        f" #h(6pt) {lit(level.marking)}"
    )


def _block(block: Block) -> str:
    if block.kind == "heading":
        return f"#heading(level: 1)[{lit(f'{block.number}. {block.text}')}]"
    if block.kind == "heading2":
        return f"#heading(level: 2)[{lit(f'{block.number} {block.text}')}]"
    if block.kind == "subheading":
        return f'#block(above: 1.2em, below: 0.6em)[#text(weight: "bold")[{_rich(block.text)}]]'
    if block.kind == "paragraph":
        return _rich(block.text)
    if block.kind == "bullets":
        return "\n".join(f"- {_rich(item)}" for item in block.items)
    if block.kind == "signoff":
        return "#v(1em)\n" + " \\\n".join(lit(i) for i in block.items)
    if block.kind == "attachments":
        items = "\n".join(f"- {lit(i)}" for i in block.items)
        return f'#v(1em)\n#text(weight: "bold")[{lit(block.text)}]\n\n{items}'
    if block.kind == "table":
        count = len(block.rows[0]) if block.rows else 1
        # The appendix tables: give the findings room; other tables share the width.
        widths = "(1.1fr, 1fr, 0.9fr, 1.1fr, 2.2fr, 1fr)" if count == 6 else f"{count}"
        cols = widths
        cells = []
        for i, row in enumerate(block.rows):
            for cell in row:
                content = lit(cell)
                cells.append(f'[#text(weight: "bold")[{content}]]' if i == 0 else f"[{content}]")
        return (
            f"#table(columns: {cols}, inset: 4pt, stroke: 0.5pt + luma(150), "
            f"fill: (x, y) => if y == 0 {{ luma(230) }}, {', '.join(cells)})"
        )
    raise ValueError(f"Unknown block kind {block.kind!r}")


def typst_source(doc: PaperDocument) -> str:
    level = doc.level
    red = doc.appendix_level
    header_title = f"{doc.reference} – {doc.title}"
    parts = [
        "#set document(title: " + lit(header_title)[1:] + ")",
        '#set text(font: "Liberation Sans", size: 10.5pt, lang: "en", region: "gb")',
        "#set par(justify: false, leading: 0.65em, spacing: 1.1em)",
        '#show heading.where(level: 1): set text(size: 13pt, fill: rgb("#12263f"))',
        '#show heading.where(level: 2): set text(size: 11pt, fill: rgb("#12263f"))',
        "#show heading: set block(above: 1.4em, below: 0.8em)",
        '#show link: set text(fill: rgb("#1f5fbf"))',
        "#show link: underline",
        f'#let marking = state("marking", "{level.name}")',
        "#let markings = (",
        *(f"  {c.name}: [{_marking(c)}]," for c in Classification),
        ")",
        '#set page(paper: "a4", margin: (top: 2.8cm, bottom: 2.6cm, x: 2.3cm),',
        "  header: context [#set text(size: 9pt, fill: luma(60))",
        f"    #grid(columns: (1fr, auto), gutter: 12pt, [{lit(header_title)}],",
        '      [#"Page " #counter(page).display() #" of " #counter(page).final().first()])',
        "    #line(length: 100%, stroke: 0.4pt + luma(160))],",
        "  footer: context [#set text(size: 8.5pt)",
        "    #line(length: 100%, stroke: 0.4pt + luma(160))",
        "    #markings.at(marking.get())],",
        ")",
        f"#text(size: 10pt, fill: luma(40))[{lit('Paper Reference: ' + doc.reference)} \\",
        f"{lit('Action: ' + doc.action)}]",
        "#v(0.6em)",
        f'#text(size: 18pt, weight: "bold", fill: rgb("#12263f"))[{lit(doc.title)}]',
        "#v(0.4em)",
        "#block(stroke: 0.5pt + luma(160), inset: 8pt, width: 100%)"
        f"[#text(size: 9pt)[{lit(level.handling)}]]",
    ]
    parts.extend(_block(b) for b in doc.body)
    if doc.appendix:
        parts.append("#pagebreak()")
        parts.append(f'#marking.update("{red.name}")')
        parts.append(f"#heading(level: 1)[{lit(doc.appendix_title)}]")
        parts.append(
            f'#block(stroke: 1pt + rgb("{red.colour}"), inset: 8pt, width: 100%)'
            f"[#text(size: 9pt)[{lit(red.handling)}]]"
        )
        parts.extend(_block(b) for b in doc.appendix)
    return "\n\n".join(parts) + "\n"


def render_pdf(doc: PaperDocument) -> bytes:
    source = typst_source(doc).encode("utf-8")
    return typst.compile(
        source,
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        format="pdf",
        timestamp=0,
    )
