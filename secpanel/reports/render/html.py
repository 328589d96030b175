"""Accessible HTML: a standalone file (styles inline, for download and archiving) and the
fragment the in-app preview shows (with provenance)."""

from __future__ import annotations

from django.template.loader import render_to_string

from secpanel.reports.document import PaperDocument
from secpanel.reports.render import layout


def render_html(doc: PaperDocument) -> bytes:
    context = {"doc": doc, "appendix_notice": layout.appendix_notice(doc)}
    return render_to_string("reports/paper_standalone.html", context).encode("utf-8")
