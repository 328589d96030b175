"""Accessible HTML: a standalone file (styles inline, for download and archiving) and the
fragment the in-app preview shows (with provenance)."""

from __future__ import annotations

from django.template.loader import render_to_string

from secpanel.reports.document import PaperDocument


def render_html(doc: PaperDocument) -> bytes:
    return render_to_string("reports/paper_standalone.html", {"doc": doc}).encode("utf-8")
