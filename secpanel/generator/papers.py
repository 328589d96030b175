"""The Panel's monthly papers of the last three months before `--until`: each Panel meeting
held in that time gets its Sub-Committee Report compiled from the generated records, issued
and published, through the reports services as the secretariat (as `secpanel report --issue
--publish` does), so the published papers and the Panel meetings show a recent paper. Earlier
months have no report (compiling and rendering ninety papers would take minutes and prove
nothing more)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from secpanel.core.redreads import red_read_log
from secpanel.generator import calendar
from secpanel.generator.context import Run, at
from secpanel.generator.stored import stored
from secpanel.meetings.models import Meeting, MeetingStatus
from secpanel.reports.models import PanelReport, ReportStatus
from secpanel.reports.services import report_create, report_transition

MONTHS = 3
DONE = {"issue": "issued", "publish": "published"}


class PaperRefused(Exception):
    """The reports service refused a step (a leak check naming a sentence, a missing
    configuration): the message says which paper and why."""


def recent_panel_meetings(run: Run) -> list[Meeting]:
    """The generated history's Panel meetings of the last three months (never the seed's)."""
    since = max(calendar.add_months(run.until, -MONTHS), run.options.start)
    return list(
        Meeting.objects.filter(
            body=run.bodies["panel"],
            status=MeetingStatus.HELD,
            number__isnull=False,
            starts_at__gte=at(since, 0),
            starts_at__lt=at(run.until, 23),
        ).order_by("starts_at")
    )


def publish_recent(run: Run) -> None:
    with red_read_log("secpanel generate"):
        for meeting in recent_panel_meetings(run):
            report = (
                stored(PanelReport).filter(meeting=meeting).order_by("item_number", "id").first()
            )
            try:
                if report is None:
                    report = report_create(actor=run.actor, meeting=meeting)
                    run.counts["panel papers compiled"] += 1
                for name, before in (
                    ("issue", ReportStatus.DRAFT),
                    ("publish", ReportStatus.ISSUED),
                ):
                    report.refresh_from_db()
                    if report.status != before:
                        continue
                    report_transition(
                        actor=run.actor,
                        report=report,
                        name=name,
                        reason=f"{DONE[name].capitalize()} (generated history)",
                    )
                    run.counts[f"panel papers {DONE[name]}"] += 1
            except ValidationError as exc:
                where = (
                    report.reference if report is not None else f"Panel meeting {meeting.number}"
                )
                raise PaperRefused(f"{where}: {' '.join(exc.messages)}") from exc
