"""Reads of Panel reports and their files, through visible_to(user)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification
from secpanel.core.policy import access_profile
from secpanel.core.selectors import readable_levels
from secpanel.reports.document import PaperDocument, Source
from secpanel.reports.models import Edition, IssuedFile, PanelReport, ReportStatus, ReportVersion


def report_list(user: Reader) -> QuerySet[PanelReport]:
    return PanelReport.objects.visible_to(user).select_related("meeting", "meeting__body")


def drafts_to_issue(user: Reader) -> QuerySet[PanelReport]:
    """Panel reports not yet issued that `user` may read, the soonest meeting first."""
    return report_list(user).filter(status=ReportStatus.DRAFT).order_by("meeting__starts_at", "pk")


def files_of(user: Reader, report: PanelReport) -> QuerySet[IssuedFile]:
    return IssuedFile.objects.visible_to(user).filter(report=report).defer("content")


def published_files(user: Reader) -> QuerySet[IssuedFile]:
    return (
        IssuedFile.objects.visible_to(user)
        .select_related("report")
        .defer("content")
        .order_by("-issued_at", "edition", "format")
    )


def editions_for(user: Reader, report: PanelReport) -> list[str]:
    """The editions `user` may preview: the Panel edition carries Appendix A (RED), judged as a
    RED record of the report's owning body."""
    profile = access_profile(user)
    editions: list[str] = [Edition.PUBLIC]
    if profile.may_read_level(report.owning_body_id, Classification.RED):
        editions.append(Edition.PANEL)
    return editions


def version_document(version: ReportVersion, edition: str) -> PaperDocument:
    data = version.panel_content if edition == Edition.PANEL else version.public_content
    return PaperDocument.from_dict(data)


def readable_sources(user: Reader, sources: Iterable[Source]) -> dict[str, int]:
    """{"app.model:pk": level} of the `sources` (a paper's provenance, its records left out)
    that `user` may read now: one read per kind of record (`core.selectors.readable_levels`)."""
    levels = readable_levels(user, ((s.model, s.pk) for s in sources))
    return {f"{label}:{pk}": level for (label, pk), level in levels.items()}
