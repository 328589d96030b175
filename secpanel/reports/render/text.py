"""Plain text of a paper: what the golden test compares with the seed."""

from __future__ import annotations

from secpanel.reports.document import Block, PaperDocument
from secpanel.reports.render.inline import paragraphs, plain


def _block_lines(block: Block) -> list[str]:
    if block.kind in ("heading", "heading2"):
        return [f"{block.number} {block.text}".strip()]
    if block.kind in ("paragraph", "subheading"):
        return [plain(block.text)]
    if block.kind == "bullets":
        return [f"• {plain(item)}" for item in block.items]
    if block.kind == "signoff":
        return list(block.items)
    if block.kind == "attachments":
        return [block.text, *(f"• {i}" for i in block.items)]
    if block.kind == "table":
        return [" | ".join(row) for row in block.rows]
    return []


def render_text(doc: PaperDocument) -> str:
    lines = [
        f"Paper Reference: {doc.reference}",
        f"Action: {doc.action}",
        doc.title,
    ]
    for block in doc.body:
        lines.extend(_block_lines(block))
    if doc.appendix:
        lines.append(doc.appendix_title)
        for block in doc.appendix:
            lines.extend(_block_lines(block))
    return "\n".join(lines) + "\n"


def links(doc: PaperDocument) -> list[str]:
    """Every hyperlink target in the document, in order, deduplicated."""
    seen: list[str] = []
    for block in [*doc.body, *doc.appendix]:
        for text in [block.text, *block.items]:
            for para in paragraphs(text):
                for run in para.runs:
                    if run.href and run.href not in seen:
                        seen.append(run.href)
    return seen
