"""Helpers of search's tests: a PDF and a DOCX holding given words, the records a search
page lists, a page compared with the page for a word no record has."""

from __future__ import annotations

import io
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType

NOTHING = "zzzznothingmatches"
_CSRF_RE = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*')


def pdf_with(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (Helvetica), as pypdf reads it."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_with(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def listed(response: Any) -> set[tuple[str, int]]:
    """(model label, pk) of every record the search page lists."""
    found = set()
    for hit in response.context["results"].hits:
        model = ContentType.objects.get_for_id(hit.entry.content_type_id).model_class()
        found.add((model._meta.label, hit.entry.object_id))
    return found


def key(obj: Any) -> tuple[str, int]:
    return (obj._meta.label, obj.pk)


def normalised(html: str, word: str) -> str:
    """The page with the word asked for written as NOTHING and CSRF tokens blanked."""
    return _CSRF_RE.sub(r"\1", html.replace(word, NOTHING))
