"""Is the month ready to compile and issue? What the secretariat should settle first.

`readiness(user, report)` lists concerns, each a sentence with a link where the user may follow
it: meetings of the month still "Planned" (their "met on" line is missing), minutes of held
meetings not yet approved, records left out of the public edition because they are above White,
no paper for the previous Panel meeting (so "met on" lines may repeat or be lost), and records
the paper cites that changed since it was compiled. Read through the user's visibility: a
concern never names a record the user may not read (it is counted instead).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core.paper import join_words
from secpanel.core.selectors import record_url
from secpanel.meetings.models import Meeting, MeetingStatus, MinutesStatus
from secpanel.meetings.selectors import meetings_in_period, minutes_for
from secpanel.reports.compiler import long_date, reporting_period
from secpanel.reports.document import PaperDocument, Source
from secpanel.reports.models import PanelReport, ReportBlock
from secpanel.reports.selectors import readable_sources
from secpanel.reports.templatetags.reports_paper import unnamed as _unnamed
from secpanel.reports.words import number_words, plural


@dataclass(frozen=True)
class Concern:
    """`links`: records the concern is about that the reader may read, as (address, name);
    `level`: the highest of them (the page showing the concern is at least as high)."""

    code: str
    message: str
    url: str = ""
    links: tuple[tuple[str, str], ...] = ()
    level: int = 0


def _bodies(report: PanelReport) -> list[Body]:
    seen: dict[int, Body] = {}
    blocks = ReportBlock.objects.filter(section__configuration=report.configuration)
    for block in blocks.select_related("body").order_by("section__position", "position"):
        seen.setdefault(block.body_id, block.body)
    return list(seen.values())


def _meeting_concerns(user: Reader, report: PanelReport) -> list[Concern]:
    concerns: list[Concern] = []
    today = timezone.localdate()
    start = report.period_start
    for body in _bodies(report):
        for meeting in meetings_in_period(body, start, report.paper_date):
            if meeting.date >= today:
                continue
            when = f"The {body.short_name} meeting of {long_date(meeting.date)}"
            if meeting.status == MeetingStatus.PLANNED:
                concerns.append(
                    Concern(
                        "meeting_planned",
                        f"{when} is still Planned: mark it held or cancelled, or the paper "
                        "will not say it met.",
                        meeting.get_absolute_url(),
                    )
                )
            elif meeting.status == MeetingStatus.HELD:
                minutes = minutes_for(user, meeting)
                if minutes is None or minutes.status != MinutesStatus.APPROVED:
                    state = "has no minutes" if minutes is None else "has draft minutes"
                    concerns.append(
                        Concern(
                            "minutes_not_approved",
                            f"{when} {state}: the paper reports from unapproved records.",
                            meeting.get_absolute_url(),
                        )
                    )
    return concerns


def _previous_paper(user: Reader, report: PanelReport) -> list[Concern]:
    panel_meeting = report.meeting
    previous = (
        Meeting.objects.filter(
            body=panel_meeting.body,
            number__isnull=False,
            starts_at__lt=panel_meeting.starts_at,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return []
    if previous.panel_reports.visible_to(user).exists():
        return []
    prev_start, _ = reporting_period(previous.date)
    return [
        Concern(
            "previous_paper_missing",
            f"Panel meeting {previous.number} ({long_date(previous.date)}) has no paper here: "
            f"meetings after {prev_start:%B %Y} are counted from its estimated paper date, so a "
            "“met on” line may repeat or be missing.",
            previous.get_absolute_url(),
        )
    ]


def _name(source: Source) -> str:
    """The name a left-out record was compiled with, unless that name is made of a parent
    record (`name_follows`: the reader may not read it): then its kind."""
    model = apps.get_model(source.model)
    if getattr(model, "name_follows", ()) or not source.label:
        return _unnamed(source.model)
    return source.label


def _left_out(user: Reader, report: PanelReport) -> list[Concern]:
    """How many records of each kind are left out as above White, and a link to each the
    reader may read (named as when it was compiled); the others are only counted."""
    version = report.latest_version()
    if version is None or not version.omitted:
        return []
    omitted = [Source(o["model"], o["pk"], None, o.get("label", "")) for o in version.omitted]
    readable = readable_sources(user, omitted)
    links = tuple(
        (record_url(s.model, s.pk), _name(s)) for s in dict.fromkeys(omitted) if s.key in readable
    )
    counts = Counter(o["model"] for o in version.omitted)
    parts = []
    for label, n in sorted(counts.items()):
        model = apps.get_model(label)
        name = str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural)
        parts.append(f"{number_words(n)} {name}")
    total = sum(counts.values())
    return [
        Concern(
            "left_out",
            f"{join_words(parts).capitalize()} {plural(total, 'is', 'are')} above White and left "
            "out of the public edition: lower a record's level if the public may read it.",
            links=links,
            level=max(readable.values(), default=0),
        )
    ]


def _changed_since_compiled(user: Reader, report: PanelReport) -> list[Concern]:
    version = report.latest_version()
    if version is None:
        return []
    sources = PaperDocument.from_dict(version.panel_content).all_sources()
    by_model: dict[str, dict[int, int | None]] = {}
    for s in sources:
        by_model.setdefault(s.model, {})[s.pk] = s.version
    concerns: list[Concern] = []
    hidden = 0
    for label, versions in by_model.items():
        model = apps.get_model(label)
        history = getattr(model, "history", None)
        if history is None:
            continue
        latest: dict[int, int] = {}
        rows = history.filter(id__in=list(versions)).values_list("id", "history_id")
        for pk, history_id in rows.order_by("history_id"):
            latest[pk] = history_id
        changed = [pk for pk, seen in versions.items() if latest.get(pk, seen) != seen]
        if not changed:
            continue
        manager = model._default_manager
        readable = (manager.visible_to(user) if hasattr(manager, "visible_to") else manager).filter(
            pk__in=changed
        )
        shown = list(readable)
        hidden += len(changed) - len(shown)
        concerns.extend(
            Concern(
                "changed_since_compiled",
                f"{record} changed after version {version.number} was compiled: recompile "
                "to take it in.",
                getattr(record, "get_absolute_url", lambda: "")(),
            )
            for record in shown
        )
    if hidden:
        concerns.append(
            Concern(
                "changed_since_compiled",
                f"{number_words(hidden).capitalize()} {plural(hidden, 'record')} the paper "
                "cites changed after it was compiled: recompile to take them in.",
            )
        )
    return concerns


def readiness(user: Reader, report: PanelReport) -> list[Concern]:
    """What to settle before compiling again or issuing `report` (empty: ready)."""
    return [
        *_meeting_concerns(user, report),
        *_previous_paper(user, report),
        *_left_out(user, report),
        *_changed_since_compiled(user, report),
    ]
