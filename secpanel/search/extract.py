"""What the index holds of a record: its title, its text, its date and its address.

The text is the record's own: its text fields, the parts that live and die with it and are
read at its level (a paper's recommendations and uploaded files, a modification's events),
and for an issued HTML file its words. Nothing of a parent record: a parent is indexed as
itself, at its own level. Titles follow `name_follows` (`name_without_parents()` when
`__str__` reads a classified parent), as pages do.
"""

from __future__ import annotations

import datetime
import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from secpanel.core.models import ClassifiedModel

log = logging.getLogger(__name__)

#: The most a record's text may hold in the index (PostgreSQL's tsvector is at most 1 MB).
BODY_MAX = 200_000
#: Fields that are not words: identifiers, addresses, digests.
SKIPPED_FIELDS = {"slug", "sha256", "public_url", "filename", "format", "edition"}
#: The date a record is filed under, the first of these it has (else its meeting's, else the
#: day it was created).
DATE_FIELDS = (
    "date",
    "period",
    "paper_date",
    "date_raised",
    "occurred_on",
    "raised_on",
    "received_on",
    "planned_date",
    "opens_on",
    "issued_on",
    "decided_on",
    "booked_on",
    "target_date",
    "planned_start",
    "live_since",
    "notified_on",
    "remediation_due",
    "approved_on",
)


@dataclass(frozen=True)
class Extracted:
    title: str
    body: str
    date: datetime.date | None
    url: str


def _own_text(instance: models.Model) -> list[str]:
    parts: list[str] = []
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS or isinstance(f, models.URLField | models.SlugField):
            continue
        if isinstance(f, models.CharField | models.TextField):
            value = getattr(instance, f.attname)
            if not value:
                continue
            parts.append(str(instance._get_FIELD_display(f)) if f.choices else str(value))  # type: ignore[attr-defined]
    return parts


def _file_text(file: FieldFile) -> str:
    """The words of an uploaded PDF or DOCX (nothing for other formats or unreadable files:
    a file search cannot read is still stored, and found by its record's other text)."""
    name = (file.name or "").lower()
    try:
        with file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        log.warning("search: could not open %s", file.name)
        return ""
    return document_text(name, data)


def document_text(name: str, data: bytes) -> str:
    """Text of a PDF (pypdf) or DOCX (python-docx) given its name and bytes."""
    try:
        if name.endswith(".pdf") or data.startswith(b"%PDF"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        if name.endswith(".docx") or (
            data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data))
        ):
            import docx

            document = docx.Document(io.BytesIO(data))
            texts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    texts.extend(cell.text for cell in row.cells)
            return "\n".join(texts)
    except Exception:  # a damaged or unreadable file: index its record without its words
        log.warning("search: could not read the text of %s", name, exc_info=True)
    return ""


_TAG_RE = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def html_text(data: bytes) -> str:
    return html.unescape(_TAG_RE.sub(" ", data.decode("utf-8", "replace")))


def _parts_text(instance: models.Model) -> list[str]:
    """The text of the parts read at the record's level (plain models that belong to it)."""
    label = instance._meta.label
    parts: list[str] = []
    if label == "meetings.Paper":
        from secpanel.meetings.models import PaperVersion, Recommendation

        for rec in Recommendation.objects.filter(paper_id=instance.pk).order_by("position", "id"):
            parts.append(f"{rec.get_verb_display()} {rec.text}")
        for version in PaperVersion.objects.filter(paper_id=instance.pk).order_by("number"):
            if version.note:
                parts.append(version.note)
            if version.file:
                parts.append(_file_text(version.file))
    elif label == "modifications.Modification":
        from secpanel.modifications.models import ModificationEvent

        for event in ModificationEvent.objects.in_force().filter(modification_id=instance.pk):
            parts.append(
                " ".join(
                    p
                    for p in (
                        str(event.get_kind_display()),
                        event.from_value,
                        event.to_value,
                        event.reason,
                    )
                    if p
                )
            )
    elif label == "reports.PanelReport":
        parts.extend(_report_text(instance))
    elif label == "reports.IssuedFile":
        # The public edition's words (its HTML file; the PDF and DOCX say the same). The Panel
        # edition's Appendix A is read only in that edition (decisions/0003): its files are
        # found by their names, and its other blocks are records indexed as themselves.
        data = bytes(getattr(instance, "content", b"") or b"")
        if getattr(instance, "format", "") == "html" and getattr(instance, "edition", "") == (
            "public"
        ):
            parts.append(html_text(data))
    return parts


def _report_text(report: models.Model) -> list[str]:
    """A Panel report's public edition, latest version: what its page previews at the
    report's level (the Panel edition is Red, indexed only as its issued files)."""
    from secpanel.reports.document import PaperDocument
    from secpanel.reports.models import ReportVersion

    version = ReportVersion.objects.filter(report_id=report.pk).order_by("-number").first()
    if version is None:
        return []
    try:
        doc = PaperDocument.from_dict(version.public_content)
    except (KeyError, TypeError, ValueError):  # no compiled document in this version
        return []
    texts: list[str] = []
    for block in doc.body:
        texts.extend(t for t in (block.number, block.text, *block.items) if t)
        for row in block.rows:
            texts.extend(cell for cell in row if cell)
    return texts


def _date(instance: models.Model) -> datetime.date | None:
    for name in DATE_FIELDS:
        try:
            f = instance._meta.get_field(name)
        except Exception:
            continue
        if not isinstance(f, models.DateField):
            continue
        value = getattr(instance, f.attname, None)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
    meeting_id = getattr(instance, "meeting_id", None)
    if meeting_id:
        from secpanel.meetings.models import Meeting  # public: its date is no secret

        starts = Meeting.objects.filter(pk=meeting_id).values_list("starts_at", flat=True).first()
        if starts is not None:
            return starts.date()
    created = getattr(instance, "created_at", None)
    return created.date() if created else None


def _title(instance: ClassifiedModel) -> str:
    if instance.name_follows:
        return instance.name_without_parents()
    try:
        return str(instance)
    except Exception:
        return instance.name_without_parents()


def _url(instance: models.Model) -> str:
    get = getattr(instance, "get_absolute_url", None)
    if get is None:
        return ""
    try:
        return str(get())
    except Exception:
        return ""


def extract(instance: ClassifiedModel) -> Extracted:
    parts = _own_text(instance) + [p for p in _parts_text(instance) if p]
    body = "\n".join(parts)
    return Extracted(
        title=_title(instance)[:300],
        body=body[:BODY_MAX],
        date=_date(instance),
        url=_url(instance)[:500],
    )


def part_owner(instance: Any) -> tuple[type[ClassifiedModel], int] | None:
    """For a part (a paper's file or recommendation, a modification's event): the record
    whose index row holds its text."""
    label = instance._meta.label
    if label in ("meetings.PaperVersion", "meetings.Recommendation"):
        from secpanel.meetings.models import Paper

        return Paper, instance.paper_id
    if label == "reports.ReportVersion":
        from secpanel.reports.models import PanelReport

        return PanelReport, instance.report_id
    if label == "modifications.ModificationEvent":
        from secpanel.modifications.models import Modification

        return Modification, instance.modification_id
    return None
