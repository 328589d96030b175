"""The compiled paper as data: an ordered list of blocks, each with its text (Markdown, inline
only), its classification and the records it came from. Renderers (HTML, PDF, DOCX, plain
text) read only this, so every format says the same thing; versions store it as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from secpanel.core.classification import Classification


@dataclass(frozen=True)
class Source:
    """A record a block came from, at the version used (simple-history id)."""

    model: str  # "meetings.highlight"
    pk: int
    version: int | None
    label: str

    @property
    def key(self) -> str:
        return f"{self.model}:{self.pk}"


@dataclass
class Block:
    """kind: heading | paragraph | bullets | subheading | signoff | attachments | table."""

    kind: str
    text: str = ""
    number: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = Classification.WHITE
    sources: list[Source] = field(default_factory=list)
    key: str = ""  # stable identity of a block across versions, for edits

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        data = dict(data)
        data["sources"] = [Source(**s) for s in data.get("sources", [])]
        return cls(**data)


@dataclass
class PaperDocument:
    """Everything a renderer needs."""

    reference: str
    title: str
    action: str
    classification: int
    body: list[Block]
    appendix: list[Block] = field(default_factory=list)
    appendix_title: str = ""
    appendix_classification: int = Classification.RED
    edition: str = "public"

    @property
    def level(self) -> Classification:
        return Classification(self.classification)

    @property
    def appendix_level(self) -> Classification:
        return Classification(self.appendix_classification)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperDocument:
        data = dict(data)
        data["body"] = [Block.from_dict(b) for b in data["body"]]
        data["appendix"] = [Block.from_dict(b) for b in data.get("appendix", [])]
        return cls(**data)

    def all_sources(self) -> list[Source]:
        seen: dict[str, Source] = {}
        for block in [*self.body, *self.appendix]:
            for s in block.sources:
                seen.setdefault(s.key, s)
        return list(seen.values())
