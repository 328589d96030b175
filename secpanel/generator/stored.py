"""The generator's one way to read the classified records it continues (a history is written
on top of what is stored: the open actions of a body, a modification's stage, an assessment in
fieldwork). A server administrator's command, like `secpanel demo-data`: it reads every row
through `unrestricted()` and shows none to anyone (pinned in
core/tests/test_structural_chokepoint.py).
"""

from __future__ import annotations

from typing import TypeVar

from secpanel.core.models import ClassifiedModel, ClassifiedQuerySet

M = TypeVar("M", bound=ClassifiedModel)


def stored(model: type[M]) -> ClassifiedQuerySet[M]:
    """Every row of a classified model, for the generator's own bookkeeping."""
    return model.objects.unrestricted()
