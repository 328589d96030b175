"""Reading a compiled Panel paper in tests, and putting a body into the report configuration."""

from __future__ import annotations

import re
from typing import Any

_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def section_text(doc: Any, heading: str) -> str:
    """The text (paragraphs and bullets, Markdown links as their words) of the blocks after
    the heading2 `heading` of a `PaperDocument`, up to the next heading."""
    out: list[str] = []
    inside = False
    for block in doc.body:
        if block.kind in ("heading", "heading2"):
            inside = block.text == heading
            continue
        if inside:
            out.extend([block.text, *block.items])
    return _MD_LINK.sub(r"\1", "\n".join(t for t in out if t))


def body_in_paper(
    world: Any,
    *,
    code: str,
    name: str,
    short_name: str,
    section: str,
    heading: str = "{short} Highlights",
    display_order: int = 60,
) -> Any:
    """A sub-committee of the world's Panel, given its own section (a highlights block) in the
    default report configuration, with the world's secretariat seated as its secretariat."""
    from secpanel.bodies.models import Body, Membership
    from secpanel.core.policy import forget_access_profile
    from secpanel.reports.models import (
        BlockKind,
        ReportBlock,
        ReportConfiguration,
        ReportSection,
    )

    body = Body.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        kind="sub_committee",
        parent=world.panel,
        display_order=display_order,
    )
    config = ReportConfiguration.objects.get(is_default=True)
    position = (
        config.sections.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    report_section = ReportSection.objects.create(
        configuration=config, position=position, heading=section
    )
    ReportBlock.objects.create(
        section=report_section, position=1, body=body, kind=BlockKind.HIGHLIGHTS, heading=heading
    )
    secretariat = world.users["owner_secretariat"]
    Membership.objects.create(user=secretariat, body=body, role="secretariat")
    forget_access_profile(secretariat)
    return body
