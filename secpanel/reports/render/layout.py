"""What the PDF, DOCX and HTML renderers share about the page: the running header's text, the
Panel edition's first-page notice about its RED Appendix A, and the appendix tables' column
widths. One place, so every format says and measures the same."""

from __future__ import annotations

from secpanel.reports.document import PaperDocument

# The appendix tables' columns, as relative widths: the findings get the most room, the short
# codes (assessment type, decision date) the least. A column not named here gets DEFAULT_WEIGHT.
COLUMN_WEIGHTS = {
    "Party": 2.5,
    "User Role": 2.3,
    "Assessment": 2.5,  # the bold header word needs ~1.9cm at 9pt, inside the cell's padding
    "Outcome": 2.8,
    "Findings": 4.3,
    "Decided": 2.0,
}
DEFAULT_WEIGHT = 2.5


def column_weights(header: list[str]) -> list[float]:
    """Relative widths of a table's columns, from its header row."""
    return [COLUMN_WEIGHTS.get(name.strip(), DEFAULT_WEIGHT) for name in header] or [1.0]


def header_title(doc: PaperDocument) -> str:
    """The running header's text, as the seed has it: "SECP_68_1005_16 – SEC Panel …"."""
    return f"{doc.reference} – {doc.title}"


def appendix_name(doc: PaperDocument) -> str:
    return doc.appendix_title or "Appendix A"


def appendix_notice(doc: PaperDocument) -> str:
    """The first page's notice that this edition carries the RED Appendix A, and for whom
    (the Panel Information Policy's RED: named recipients only, not to be shared). Empty for an
    edition without an appendix: the public edition says nothing more than its Attachments line.
    """
    if not doc.appendix:
        return ""
    red = doc.appendix_level
    return (
        f"This edition includes {appendix_name(doc)}, classified {red.label.upper()} in "
        "accordance with the Panel Information Policy: Appendix A is for the Panel members and "
        "the named recipients of this paper only, and must not be shared with anyone else. "
        f"The rest of the paper is classified {doc.level.label}."
    )
