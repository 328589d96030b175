"""Writes for Panel reports: create (compile), recompile, edit wording, issue, publish.

The report's status moves only through `report_transition`; every step is audited.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from secpanel.core.classification import Classification
from secpanel.core.leaks import Leak, TermIndex, leak_messages, scan_all
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.services import classification_change, classified_create, record_event
from secpanel.core.workflow import Transition, apply, available
from secpanel.reports.compiler import (
    EditionLeakError,
    check_edition,
    compile_report,
    reporting_period,
    working_days_before,
)
from secpanel.reports.document import Block, PaperDocument, Source
from secpanel.reports.models import (
    Edition,
    IssuedFile,
    PanelReport,
    ReportConfiguration,
    ReportStatus,
    ReportVersion,
)
from secpanel.reports.render.docx import render_docx
from secpanel.reports.render.html import render_html
from secpanel.reports.render.pdf import render_pdf
from secpanel.reports.workflow import TRANSITIONS

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "html": render_html}
EDITION_NAMES = {Edition.PUBLIC: "public edition", Edition.PANEL: "Panel edition"}


def available_transitions(user: Any, report: PanelReport) -> list[tuple[str, Transition]]:
    if not can_manage_body(user, report.owning_body_id):
        return []
    return available(TRANSITIONS, report)


def default_configuration() -> ReportConfiguration:
    config = ReportConfiguration.objects.filter(is_default=True).first()
    if config is None:
        raise ValidationError("No default report configuration exists; create one first.")
    return config


def _store_version(
    report: PanelReport,
    actor: Any,
    public: PaperDocument,
    panel: PaperDocument,
    note: str,
    omitted: list[Any],
) -> ReportVersion:
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        public_content=public.to_dict(),
        panel_content=panel.to_dict(),
        created_by=actor,
        note=note,
        omitted=omitted,
        content_bodies=sorted(source_bodies([*public.all_sources(), *panel.all_sources()])),
    )


def source_bodies(sources: Iterable[Source]) -> set[int]:
    """The owning bodies of the classified records among `sources` (a paper's provenance):
    whose content fills a version or an issued file. Records public by nature (meetings) own
    none."""
    by_model: dict[str, set[int]] = {}
    for source in sources:
        by_model.setdefault(source.model, set()).add(source.pk)
    bodies: set[int] = set()
    for label, pks in by_model.items():
        try:
            model = django_apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if issubclass(model, ClassifiedModel):
            bodies.update(
                model._default_manager.unrestricted()
                .filter(pk__in=pks)
                .values_list("owning_body_id", flat=True)
            )
    return bodies


def _texts(blocks: Iterable[Block]) -> list[str]:
    """Every piece of text a reader of these blocks sees (paragraphs, list items, cells)."""
    texts: list[str] = []
    for block in blocks:
        texts.extend(t for t in (block.text, *block.items) if t)
        texts.extend(cell for row in block.rows for cell in row if cell)
    return texts


def edition_leaks(
    doc: PaperDocument, audience_level: int, index: TermIndex | None = None
) -> list[Leak]:
    """Sentences of an edition's final text (after wording edits) that name a record above
    its audience (`core.leaks`)."""
    texts = [doc.title, *_texts(doc.body), doc.appendix_title, *_texts(doc.appendix)]
    return scan_all([t for t in texts if t], audience_level=audience_level, index=index)


def _refuse_leaks(docs: dict[str, tuple[PaperDocument, int]]) -> None:
    """Raise one ValidationError naming every leaking sentence of every edition."""
    index = TermIndex.load()
    messages: list[str] = []
    seen: set[str] = set()
    for edition, (doc, audience) in docs.items():
        leaks = [leak for leak in edition_leaks(doc, audience, index) if leak.sentence not in seen]
        seen.update(leak.sentence for leak in leaks)
        messages.extend(f"{m}, in the {EDITION_NAMES[edition]}." for m in leak_messages(leaks))
    if messages:
        raise ValidationError({"status": messages})


@transaction.atomic
def report_create(
    *,
    actor: Any,
    meeting: Any,
    item_number: int | None = None,
    configuration: ReportConfiguration | None = None,
    paper_date: datetime.date | None = None,
    action: str = "For Information",
) -> PanelReport:
    """Allocate the paper reference for `meeting` (a Panel meeting) and compile version 1."""
    from secpanel.meetings.services import paper_reference_allocate

    # Permission first: whether a (hidden) report exists is only told to those who may compile.
    if not can_manage_body(actor, meeting.body_id):
        raise PermissionDenied("Only the Panel's secretariat can compile the report.")
    if meeting.body.kind != "panel":
        raise ValidationError({"meeting": "The Sub-Committee Report goes to a Panel meeting."})
    config = configuration or default_configuration()
    item = item_number or config.item_number
    day = paper_date or working_days_before(meeting.date, config.paper_days_before)
    start, end = reporting_period(day)
    report = PanelReport(
        configuration=config,
        meeting=meeting,
        item_number=item,
        reference=paper_reference_allocate(meeting=meeting, item_number=item),
        title=config.title,
        action=action,
        paper_date=day,
        period_start=start,
        period_end=end,
        author=actor,
        owning_body=meeting.body,
        classification=Classification.AMBER,
    )
    if PanelReport.objects.unrestricted().filter(reference=report.reference).exists():
        raise ValidationError(
            {"meeting": f"{report.reference} already exists for this meeting and item."}
        )
    classified_create(actor=actor, instance=report, reason="Report created")
    report_recompile(actor=actor, report=report, note="Compiled from the records")
    return report


def _require_draft(actor: Any, report: PanelReport) -> None:
    if not can_manage_body(actor, report.owning_body_id):
        raise PermissionDenied("Only the Panel's secretariat can change the report.")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            {
                "status": f"The report is {report.get_status_display().lower()}; "
                "only a draft can change."
            }
        )


@transaction.atomic
def report_recompile(*, actor: Any, report: PanelReport, note: str = "") -> ReportVersion:
    """A new version compiled afresh from the records (discarding wording edits)."""
    _require_draft(actor, report)
    public, panel, omitted = compile_report(report, actor=actor)
    version = _store_version(
        report,
        actor,
        public,
        panel,
        note or "Recompiled from the records",
        [{"model": s.model, "pk": s.pk} for s in omitted],
    )
    record_event(
        kind="reports.report_compiled",
        actor=actor,
        subject=report,
        after={"version": version.number, "omitted_above_white": [s.key for s in omitted]},
    )
    return version


@transaction.atomic
def report_edit(
    *, actor: Any, report: PanelReport, edits: dict[str, str], note: str
) -> ReportVersion:
    """Change the wording of blocks (by key) in a new version; provenance stays with the block.
    The same edit applies to both editions, which share their body."""
    _require_draft(actor, report)
    if not note.strip():
        raise ValidationError({"note": "Say what the edit is for; it is kept with the version."})
    latest = report.latest_version()
    public = PaperDocument.from_dict(latest.public_content)
    panel = PaperDocument.from_dict(latest.panel_content)
    keys = {b.key for b in public.body}
    errors: dict[str, str] = {}
    for key, text in edits.items():
        if key not in keys:
            errors[key] = "There is no such block in this report."
        elif not text.strip():
            errors[key] = "A block cannot be emptied; recompile to drop it."
    if errors:
        raise ValidationError(errors)
    # The body is shared by both editions and goes to the public: no Amber or Red terms.
    index = TermIndex.load()
    for key, text in edits.items():
        leaks = edition_leaks(_one_block(text), Classification.WHITE, index)
        if leaks:
            errors[key] = " ".join(f"{m}." for m in leak_messages(leaks))
    if errors:
        raise ValidationError(errors)
    changed = 0
    for doc in (public, panel):
        for block in doc.body:
            if block.key in edits and block.text != edits[block.key]:
                block.text = edits[block.key]
                changed += doc is public
    if not changed:
        raise ValidationError({"note": "Nothing changed."})
    version = _store_version(report, actor, public, panel, note, latest.omitted)
    record_event(
        kind="reports.report_edited",
        actor=actor,
        subject=report,
        reason=note,
        after={"version": version.number, "blocks": sorted(edits)},
    )
    return version


def file_level(doc: PaperDocument) -> Classification:
    """The level an edition's files are issued at: Red with Appendix A, else Amber (the public
    edition until it is published)."""
    return Classification.RED if doc.appendix else Classification.AMBER


def _one_block(text: str) -> PaperDocument:
    return PaperDocument(
        reference="",
        title="",
        action="",
        classification=Classification.WHITE,
        body=[Block(kind="paragraph", text=text)],
    )


def documents_of(version: ReportVersion) -> dict[str, PaperDocument]:
    return {
        Edition.PUBLIC: PaperDocument.from_dict(version.public_content),
        Edition.PANEL: PaperDocument.from_dict(version.panel_content),
    }


@transaction.atomic
def report_transition(*, actor: Any, report: PanelReport, name: str, reason: str = "") -> None:
    """Issue (render and keep the files) or publish (make the public edition White): the
    files are written inside the move's transaction, so a failure leaves the report as it
    was."""
    if not can_manage_body(actor, report.owning_body_id):
        raise PermissionDenied("Only the Panel's secretariat can issue or publish the report.")

    def side_effects(current: PanelReport, transition: Transition) -> None:
        if name == "issue":
            _issue_files(actor, report)
        else:
            _publish_files(actor, report, reason)

    apply(TRANSITIONS, actor=actor, obj=report, name=name, reason=reason, guard=side_effects)


def _publish_files(actor: Any, report: PanelReport, reason: str) -> None:
    public_files = list(
        IssuedFile.objects.unrestricted().filter(report=report, edition=Edition.PUBLIC)
    )
    # What is published is checked again: terms may have been added, or records raised,
    # since the report was issued. Nothing is published if any edition leaks.
    for version in {f.version for f in public_files}:
        docs = documents_of(version)
        _refuse_leaks(
            {
                Edition.PUBLIC: (docs[Edition.PUBLIC], Classification.WHITE),
                Edition.PANEL: (docs[Edition.PANEL], file_level(docs[Edition.PANEL])),
            }
        )
    for f in public_files:
        classification_change(
            actor=actor,
            instance=f,
            level=Classification.WHITE,
            reason=reason or f"Published with {report.reference}",
        )


def _issue_files(actor: Any, report: PanelReport) -> None:
    version = report.latest_version()
    stamp = report.reference
    docs = documents_of(version)
    levels = {edition: file_level(doc) for edition, doc in docs.items()}
    for doc in docs.values():
        try:
            check_edition(doc)
        except EditionLeakError as exc:
            raise ValidationError({"status": str(exc)}) from exc
    # Each edition's final text against its audience: the public edition will be White; the
    # Panel edition is read at its own level. All or nothing: nothing is rendered on a leak.
    _refuse_leaks(
        {
            Edition.PUBLIC: (docs[Edition.PUBLIC], Classification.WHITE),
            Edition.PANEL: (docs[Edition.PANEL], levels[Edition.PANEL]),
        }
    )
    for edition, doc in docs.items():
        level = levels[edition]
        record_versions = [
            {"model": s.model, "pk": s.pk, "version": s.version} for s in doc.all_sources()
        ]
        bodies = sorted(source_bodies(doc.all_sources()) | {report.owning_body_id})
        for fmt, render in RENDERERS.items():
            content = render(doc)
            suffix = "" if edition == Edition.PUBLIC else "_PANEL_RED"
            classified_create(
                actor=actor,
                instance=IssuedFile(
                    report=report,
                    version=version,
                    edition=edition,
                    format=fmt,
                    filename=f"{stamp}{suffix}.{fmt}",
                    content=content,
                    sha256=hashlib.sha256(content).hexdigest(),
                    record_versions=record_versions,
                    content_bodies=bodies,
                    owning_body=report.owning_body,
                    classification=level,
                ),
                reason=f"Issued {stamp} v{version.number}",
            )
