"""Writes for Panel reports: create (compile), recompile, edit wording, issue, publish.

The report's status moves only through `report_transition`; every step is audited.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any, cast

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from secpanel.accounts.types import Actor, Reader
from secpanel.core.classification import Classification
from secpanel.core.faults import fault_point
from secpanel.core.leaks import Leak, TermIndex, leak_messages, scan_all
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body
from secpanel.core.services import classification_change, classified_create, record_event
from secpanel.core.workflow import Transition, apply, available
from secpanel.meetings.services import paper_reference_allocate
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
    WordingEdit,
)
from secpanel.reports.render.docx import render_docx
from secpanel.reports.render.html import render_html
from secpanel.reports.render.pdf import render_pdf
from secpanel.reports.workflow import TRANSITIONS

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "html": render_html}
EDITION_NAMES: dict[str, str] = {Edition.PUBLIC: "public edition", Edition.PANEL: "Panel edition"}


def available_transitions(user: Reader, report: PanelReport) -> list[tuple[str, Transition]]:
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
    actor: Actor,
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
    actor: Actor,
    meeting: Any,
    item_number: int | None = None,
    configuration: ReportConfiguration | None = None,
    paper_date: datetime.date | None = None,
    action: str = "For Information",
) -> PanelReport:
    """Allocate the paper reference for `meeting` (a Panel meeting) and compile version 1."""
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


def _require_draft(actor: Actor, report: PanelReport) -> None:
    if not can_manage_body(actor, report.owning_body_id):
        raise PermissionDenied("Only the Panel's secretariat can change the report.")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            {
                "status": f"The report is {report.get_status_display().lower()}; "
                "only a draft can change."
            }
        )


def _signature(sources: Iterable[Any]) -> list[list[Any]]:
    """A block's records at their versions, comparable across compiles."""
    rows = []
    for s in sources:
        if isinstance(s, Source):
            rows.append([s.model, s.pk, s.version])
        elif isinstance(s, dict):
            rows.append([s["model"], s["pk"], s.get("version")])
        else:  # already a signature row (as stored in WordingEdit.base_sources)
            rows.append(list(s))
    return sorted(rows, key=lambda r: (r[0], r[1], r[2] or 0))


def _reapply_edits(report: PanelReport, public: PaperDocument, panel: PaperDocument) -> list[str]:
    """Put the secretariat's wording back on a freshly compiled paper. An edit whose block's
    records or generated text changed since it was made is re-applied *and* flagged for review;
    one whose block is gone is kept, flagged as orphaned. Returns the keys newly flagged."""
    blocks = {b.key: b for b in public.body}
    flagged: list[str] = []
    for edit in report.edits.select_for_update().order_by("key"):
        block = blocks.get(edit.key)
        if block is None:
            if not edit.orphaned:
                edit.orphaned = edit.needs_review = True
                edit.save(update_fields=["orphaned", "needs_review", "updated_at"])
                flagged.append(edit.key)
            continue
        changed = block.text != edit.base_text or _signature(block.sources) != _signature(
            edit.base_sources
        )
        edit.generated_text = block.text
        if changed and not edit.needs_review:
            flagged.append(edit.key)
        edit.needs_review = edit.needs_review or changed
        edit.orphaned = False
        edit.save(update_fields=["generated_text", "needs_review", "orphaned", "updated_at"])
        for doc in (public, panel):
            for b in doc.body:
                if b.key == edit.key:
                    b.text = edit.text
    return flagged


@transaction.atomic
def report_recompile(*, actor: Actor, report: PanelReport, note: str = "") -> ReportVersion:
    """A new version compiled afresh from the records, with the secretariat's wording edits
    re-applied (`WordingEdit`); edits whose records changed are flagged for review."""
    _require_draft(actor, report)
    public, panel, omitted = compile_report(report, actor=actor)
    flagged = _reapply_edits(report, public, panel)
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
        after={
            "version": version.number,
            "omitted_above_white": [s.key for s in omitted],
            "edits_to_review": flagged,
        },
    )
    return version


@transaction.atomic
def report_edit(
    *, actor: Actor, report: PanelReport, edits: dict[str, str], note: str
) -> ReportVersion:
    """Change the wording of blocks (by key) in a new version; provenance stays with the block.
    The same edit applies to both editions, which share their body. Each edit is kept against
    its block (`WordingEdit`) so recompiling re-applies it; editing a flagged block again
    settles its review."""
    _require_draft(actor, report)
    if not note.strip():
        raise ValidationError({"note": "Say what the edit is for; it is kept with the version."})
    latest = cast("ReportVersion", report.latest_version())  # created with its first one
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
    blocks = {b.key: b for b in public.body}
    kept = {e.key: e for e in report.edits.select_for_update()}
    for key, text in edits.items():
        block = blocks[key]
        if block.text == text:
            continue
        edit = kept.get(key)
        if edit is None:
            edit = WordingEdit(
                report=report,
                key=key,
                base_text=block.text,
                generated_text=block.text,
                base_sources=_signature(block.sources),
                created_by=actor,
            )
        elif edit.needs_review:  # edited again: the reviewer has seen the new records
            edit.base_text = edit.generated_text or edit.base_text
            edit.base_sources = _signature(block.sources)
            edit.needs_review = edit.orphaned = False
        edit.text, edit.note = text, note[:300]
        edit.save()
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


@transaction.atomic
def edit_settle(
    *, actor: Actor, report: PanelReport, key: str, keep: bool, note: str = ""
) -> ReportVersion | None:
    """Settle a flagged wording edit: `keep` it (its wording stands against the records as
    they are now) or drop it (the block goes back to the generated text, in a new version)."""
    _require_draft(actor, report)
    edit = report.edits.select_for_update().filter(key=key).first()
    if edit is None:
        raise ValidationError({"key": "There is no wording edit on that block."})
    if keep:
        if edit.orphaned:
            raise ValidationError({"key": "That block is gone; the edit can only be dropped."})
        latest = cast("ReportVersion", report.latest_version())
        block = next(b for b in PaperDocument.from_dict(latest.public_content).body if b.key == key)
        edit.base_text = edit.generated_text
        edit.base_sources = _signature(block.sources)
        edit.needs_review = False
        edit.save()
        record_event(
            kind="reports.edit_kept", actor=actor, subject=report, reason=note, after={"key": key}
        )
        return None
    edit.delete()
    record_event(
        kind="reports.edit_dropped", actor=actor, subject=report, reason=note, after={"key": key}
    )
    return report_recompile(
        actor=actor, report=report, note=note or f"Wording of {key} back to the records"
    )


@transaction.atomic
def report_restore(
    *, actor: Actor, report: PanelReport, number: int, note: str = ""
) -> ReportVersion:
    """A new version with the content of version `number` (nothing is overwritten)."""
    _require_draft(actor, report)
    old = report.versions.filter(number=number).first()
    if old is None:
        raise ValidationError({"number": "There is no such version of this report."})
    version = _store_version(
        report,
        actor,
        PaperDocument.from_dict(old.public_content),
        PaperDocument.from_dict(old.panel_content),
        note or f"Restored version {number}",
        old.omitted,
    )
    record_event(
        kind="reports.report_restored",
        actor=actor,
        subject=report,
        reason=note,
        after={"version": version.number, "from": number},
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
def report_transition(*, actor: Actor, report: PanelReport, name: str, reason: str = "") -> None:
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
    fault_point(f"report.{name}.before_commit")  # files and status written, not yet committed


def _publish_files(actor: Actor, report: PanelReport, reason: str) -> None:
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
        fault_point("report.publish.after_first_file")  # the first file lowered to White


def checked_editions(
    version: ReportVersion, editions: Iterable[str] = (Edition.PUBLIC, Edition.PANEL)
) -> dict[str, PaperDocument]:
    """The editions of `version`, each checked as issuing checks it: no block above what its
    part may carry (`check_edition`), and no sentence of its final text naming a record above
    its audience (`core.leaks`; the public edition will be White, the Panel edition is read
    at its own level). A ValidationError names every problem; nothing is returned on one."""
    all_docs = documents_of(version)
    docs = {edition: all_docs[edition] for edition in editions}
    for doc in docs.values():
        try:
            check_edition(doc)
        except EditionLeakError as exc:
            raise ValidationError({"status": str(exc)}) from exc
    _refuse_leaks(
        {
            edition: (
                doc,
                Classification.WHITE if edition == Edition.PUBLIC else file_level(doc),
            )
            for edition, doc in docs.items()
        }
    )
    return docs


def _issue_files(actor: Actor, report: PanelReport) -> None:
    version = cast("ReportVersion", report.latest_version())  # created with its first one
    stamp = report.reference
    # All or nothing: nothing is rendered if either edition fails its checks.
    docs = checked_editions(version)
    for edition, doc in docs.items():
        if edition == Edition.PANEL and not doc.appendix:
            # Without Appendix A the Panel edition is the public one: one edition is issued.
            continue
        level = file_level(doc)
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
            fault_point("report.issue.after_first_file")  # one file stored, the rest not yet
