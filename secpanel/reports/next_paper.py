"""How ready the next Panel paper is: the secretariat's card on the home page.

`next_paper(user, today)` takes the next Panel meeting (numbered, not cancelled, on or after
`today`), its Sub-Committee Report if one is compiled (else what `report_create` would make:
the configured paper date and the month before it) and, for every body the configuration
reports on, whether the body has records for that month (meetings, highlights, decisions the
reader may read) and what is still to settle (a past meeting still Planned, minutes not
approved). Read as `user`: a record they may not read counts as no record (hidden looks like
missing). A constant number of queries, whatever the number of bodies and records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core.paper import join_words
from secpanel.core.policy import can_manage_body
from secpanel.meetings.models import (
    Decision,
    Highlight,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from secpanel.reports.compiler import reporting_period, working_days_before
from secpanel.reports.models import (
    PanelReport,
    ReportBlock,
    ReportConfiguration,
    ReportStatus,
)


@dataclass
class BodyReadiness:
    body: Body
    records: int = 0  # meetings, highlights and decisions of the month the reader may read
    concerns: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.records > 0 and not self.concerns


@dataclass
class NextPaper:
    meeting: Meeting
    report: PanelReport | None  # compiled (and readable), or not yet
    paper_date: datetime.date  # the date the paper is issued by
    period_start: datetime.date
    bodies: list[BodyReadiness]
    needs_review: int = 0  # wording edits whose records changed
    may_compile: bool = False

    @property
    def ready_count(self) -> int:
        return sum(1 for b in self.bodies if b.ready)

    @property
    def empty(self) -> list[BodyReadiness]:
        return [b for b in self.bodies if not b.records]

    @property
    def unsettled(self) -> list[BodyReadiness]:
        return [b for b in self.bodies if b.records and b.concerns]

    @property
    def summary(self) -> str:
        """ "4 of 5 bodies ready; TABASC has no records yet"."""
        parts = [f"{self.ready_count} of {len(self.bodies)} bodies ready"]
        empty = [b.body.short_name for b in self.empty]
        if empty:
            verb = "has" if len(empty) == 1 else "have"
            parts.append(f"{join_words(empty)} {verb} no records yet")
        unsettled = [b.body.short_name for b in self.unsettled]
        if unsettled:
            parts.append(f"{join_words(unsettled)}: records to settle")
        return "; ".join(parts)

    @property
    def issued(self) -> bool:
        return self.report is not None and self.report.status != ReportStatus.DRAFT


def _configured_bodies(config: ReportConfiguration) -> list[Body]:
    seen: dict[int, Body] = {}
    blocks = ReportBlock.objects.filter(section__configuration=config).select_related("body")
    for block in blocks.order_by("section__position", "position"):
        seen.setdefault(block.body_id, block.body)
    return list(seen.values())


def _counts(rows: Any) -> dict[int, int]:
    return dict(
        rows.order_by()
        .values("owning_body")
        .annotate(n=Count("id"))
        .values_list("owning_body", "n")
    )


def next_paper(user: Reader, today: datetime.date) -> NextPaper | None:
    """The next Panel meeting's paper and how ready each body's part of it is (None: no Panel
    meeting ahead, or no report configuration)."""
    meeting = (
        Meeting.objects.filter(body__kind="panel", number__isnull=False, starts_at__date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "id")
        .first()
    )
    if meeting is None:
        return None
    report = (
        PanelReport.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("configuration")
        .order_by("-id")
        .first()
    )
    if report is not None:
        config = report.configuration
        paper_date, start, end = report.paper_date, report.period_start, report.period_end
    else:
        found = ReportConfiguration.objects.filter(is_default=True).first()
        if found is None:
            return None
        config = found
        paper_date = working_days_before(meeting.date, config.paper_days_before)
        start, end = reporting_period(paper_date)
    bodies = _configured_bodies(config)
    ids = [b.pk for b in bodies]
    by_body = {b.pk: BodyReadiness(b) for b in bodies}
    meetings = list(
        Meeting.objects.filter(
            body_id__in=ids, starts_at__date__gte=start, starts_at__date__lte=end
        ).order_by("starts_at", "id")
    )
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    minutes = dict(
        Minutes.objects.visible_to(user)
        .filter(meeting__in=held)
        .order_by()
        .values_list("meeting_id", "status")
    )
    for m in meetings:
        entry = by_body[m.body_id]
        if m.status != MeetingStatus.CANCELLED:
            entry.records += 1
        when = f"the meeting of {m.date:%-d %B}"
        if m.status == MeetingStatus.PLANNED and m.date < today:
            entry.concerns.append(f"{when} is still Planned")
        elif m.status == MeetingStatus.HELD and minutes.get(m.pk) != MinutesStatus.APPROVED:
            state = "has no minutes" if m.pk not in minutes else "has draft minutes"
            entry.concerns.append(f"{when} {state}")
    highlights = Highlight.objects.visible_to(user).filter(owning_body_id__in=ids, period=start)
    decisions = Decision.objects.visible_to(user).filter(
        owning_body_id__in=ids, date__gte=start, date__lte=end
    )
    for counts in (_counts(highlights), _counts(decisions)):
        for body_id, n in counts.items():
            by_body[body_id].records += n
    needs_review = 0
    if report is not None and report.status == ReportStatus.DRAFT:
        needs_review = report.edits.filter(needs_review=True).count()
    return NextPaper(
        meeting=meeting,
        report=report,
        paper_date=paper_date,
        period_start=start,
        bodies=[by_body[b.pk] for b in bodies],
        needs_review=needs_review,
        may_compile=can_manage_body(user, meeting.body_id),
    )
