"""Reports' models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.reports.models import IssuedFile, PanelReport, ReportConfiguration, ReportVersion
from secpanel.testkit import MatrixTarget


def _report(world, level, marker):
    from secpanel.meetings.models import Meeting

    meeting, _ = Meeting.objects.get_or_create(
        body=world.panel,
        number=68,
        defaults={"starts_at": datetime.datetime(2019, 5, 10, 10, tzinfo=datetime.UTC)},
    )
    config, _ = ReportConfiguration.objects.get_or_create(name="Test", defaults={"purpose": "P"})
    author = world.users["owner_secretariat"]
    return PanelReport.objects.create(
        configuration=config,
        meeting=meeting,
        item_number=PanelReport.objects.unrestricted().count() + 1,
        reference=f"REF-{marker}",
        title=marker,
        paper_date=datetime.date(2019, 5, 2),
        period_start=datetime.date(2019, 4, 1),
        period_end=datetime.date(2019, 4, 30),
        author=author,
        owning_body=world.owner,
        classification=level,
    )


def make_report(world, level, marker):
    return _report(world, level, marker)


def make_file(world, level, marker):
    from secpanel.core.classification import Classification

    report = _report(world, Classification.WHITE, f"r-{marker}")
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        public_content={},
        panel_content={},
        created_by=world.users["owner_secretariat"],
        note="n",
    )
    return IssuedFile.objects.create(
        report=report,
        version=version,
        edition="public",
        format="html",
        filename=f"{marker}.html",
        content=marker.encode(),
        sha256="0" * 64,
        owning_body=world.owner,
        classification=level,
    )


TARGETS = [
    MatrixTarget(
        name="panel_report",
        model=PanelReport,
        make=make_report,
        detail_url=lambda obj: reverse("reports:report_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("reports:report_list")],
    ),
    MatrixTarget(
        name="issued_file",
        model=IssuedFile,
        make=make_file,
        detail_url=lambda obj: reverse("reports:file_download", args=[obj.pk]),
        list_urls=lambda world: [reverse("reports:published_list")],
    ),
]
