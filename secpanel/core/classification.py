"""The Panel Information Policy's levels: the one place that knows order, labels and colours.

Every page, PDF, DOCX and e-mail reads its marking from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class Classification(models.IntegerChoices):
    """Traffic Light Protocol levels, lowest to highest. The integer is the order."""

    WHITE = 1, "White"
    GREEN = 2, "Green"
    AMBER = 3, "Amber"
    RED = 4, "Red"

    @property
    def tlp(self) -> str:
        """The TLP 2.0 name (TLP 2.0 renamed WHITE to CLEAR)."""
        return _TLP[self]

    @property
    def colour(self) -> str:
        """Foreground colour of the marking (FIRST TLP 2.0 palette)."""
        return _COLOUR[self][0]

    @property
    def background(self) -> str:
        return _COLOUR[self][1]

    @property
    def css(self) -> str:
        return f"tlp-{self.name.lower()}"

    @property
    def handling(self) -> str:
        """The handling statement printed on documents carrying this level."""
        return _HANDLING[self]

    @property
    def marking(self) -> str:
        """The sentence on every page: 'This document has a Classification of White'."""
        return f"This document has a Classification of {self.label}"

    @classmethod
    def high_water(cls, levels: Iterable[int | Classification | None]) -> Classification:
        """The highest of the given levels; WHITE for none (an empty page is public)."""
        values = [int(level) for level in levels if level is not None]
        return cls(max(values)) if values else cls.WHITE


_TLP = {
    Classification.WHITE: "TLP:CLEAR",
    Classification.GREEN: "TLP:GREEN",
    Classification.AMBER: "TLP:AMBER",
    Classification.RED: "TLP:RED",
}
_COLOUR = {
    Classification.WHITE: ("#FFFFFF", "#000000"),
    Classification.GREEN: ("#33FF00", "#000000"),
    Classification.AMBER: ("#FFC000", "#000000"),
    Classification.RED: ("#FF2B2B", "#000000"),
}
_HANDLING = {
    Classification.WHITE: (
        "This document is classified as White in accordance with the Panel Information Policy. "
        "Information can be shared with the public, and any members may publish the "
        "information, subject to copyright."
    ),
    Classification.GREEN: (
        "This document is classified as Green in accordance with the Panel Information Policy. "
        "Information may be shared with the SEC community, but not published or made public."
    ),
    Classification.AMBER: (
        "This document is classified as Amber in accordance with the Panel Information Policy. "
        "Recipients may share it only with the owning body, its secretariat and the Panel, "
        "on a need-to-know basis."
    ),
    Classification.RED: (
        "This document is classified as Red in accordance with the Panel Information Policy. "
        "It is for the named recipients only and must not be shared with anyone else."
    ),
}
