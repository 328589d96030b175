"""Writes for Panel reports: create (compile), recompile, edit wording, issue, publish.

The report's status moves only through `report_transition`; every step is audited.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from secpanel.core.classification import Classification
from secpanel.core.policy import can_manage_body
from secpanel.core.services import classification_change, classified_create, record_event
from secpanel.core.workflow import Transition, available, check
from secpanel.reports.compiler import (
    check_edition,
    compile_report,
    reporting_period,
    working_days_before,
)
from secpanel.reports.document import PaperDocument
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
    )


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
    if PanelReport.objects.filter(reference=report.reference).exists():
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


def documents_of(version: ReportVersion) -> dict[str, PaperDocument]:
    return {
        Edition.PUBLIC: PaperDocument.from_dict(version.public_content),
        Edition.PANEL: PaperDocument.from_dict(version.panel_content),
    }


@transaction.atomic
def report_transition(*, actor: Any, report: PanelReport, name: str, reason: str = "") -> None:
    """Issue (render and keep the files) or publish (make the public edition White)."""
    if not can_manage_body(actor, report.owning_body_id):
        raise PermissionDenied("Only the Panel's secretariat can issue or publish the report.")
    current = PanelReport.objects.select_for_update().get(pk=report.pk)
    transition = check(TRANSITIONS, current, name, reason=reason)
    if name == "issue":
        _issue_files(actor, report)
    else:
        for f in report.files.filter(edition=Edition.PUBLIC):
            classification_change(
                actor=actor,
                instance=f,
                level=Classification.WHITE,
                reason=reason or f"Published with {report.reference}",
            )
    before = current.status
    report.status = transition.target
    report._history_user = actor
    report._change_reason = reason or transition.label
    report.save(update_fields=["status", "updated_at"])
    record_event(
        kind=f"reports.report_{transition.target}",
        actor=actor,
        subject=report,
        reason=reason,
        before={"status": before},
        after={"status": transition.target},
    )


def _issue_files(actor: Any, report: PanelReport) -> None:
    version = report.latest_version()
    stamp = report.reference
    for edition, doc in documents_of(version).items():
        check_edition(doc)
        level = Classification.RED if doc.appendix else Classification.AMBER
        record_versions = [
            {"model": s.model, "pk": s.pk, "version": s.version} for s in doc.all_sources()
        ]
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
                    owning_body=report.owning_body,
                    classification=level,
                ),
                reason=f"Issued {stamp} v{version.number}",
            )
