"""Reads of the modifications register, always through `visible_to(user)`.

Public contract (the Panel-paper compiler and other apps call these):
- `modification_by_reference(user, ref) -> Modification | None` (only if `user` may read it)
- `references_in(text) -> list[str]` (every reference in a text, in order, once each)
- `modification_timeline(user, modification) -> list[TimelineEntry]`
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import NoReverseMatch

from secpanel.accounts.types import Reader
from secpanel.bodies.models import Body
from secpanel.core.citations import cited_by
from secpanel.core.classification import Classification
from secpanel.core.models import Citation, ClassifiedModel
from secpanel.core.parents import record_name
from secpanel.core.selectors import get_visible_or_404
from secpanel.meetings.models import Decision, Highlight, Meeting
from secpanel.modifications.models import (
    STAGE_ORDER,
    Modification,
    ModificationAdvice,
    ModificationEvent,
    ModificationPath,
    ModificationStage,
    Release,
)
from secpanel.modifications.text import references_in

__all__ = [
    "SORTS",
    "TimelineEntry",
    "get_modification_or_404",
    "modification_by_reference",
    "modification_list",
    "modification_timeline",
    "modifications_owned_by",
    "references_in",
    "release_list",
    "release_modifications",
    "release_rows",
    "stage_counts",
    "timeline_entry_or_404",
    "touching_bodies",
]

_STAGE_RANK = Case(
    *[When(stage=s.value, then=Value(i)) for i, s in enumerate(STAGE_ORDER)],
    output_field=IntegerField(),
)

# sort key in the URL -> (label, ordering)
SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "reference": ("Reference", ("reference",)),
    "-date_raised": ("Newest raised", ("-date_raised", "-id")),
    "date_raised": ("Oldest raised", ("date_raised", "id")),
    "stage": ("Stage", (_STAGE_RANK.asc(), "reference")),
    "title": ("Title", ("title",)),
    "implementation_date": (
        "Implementation date",
        ("implementation_date", "reference"),
    ),
}
DEFAULT_SORT = "reference"


def modification_by_reference(user: Reader, ref: str) -> Modification | None:
    """The modification with reference `ref` if `user` may read it, else None (hidden and
    missing alike)."""
    reference = (ref or "").strip().upper()
    if not reference:
        return None
    return (
        Modification.objects.visible_to(user)
        .select_related("target_release", "owning_body")
        .filter(reference=reference)
        .first()
    )


def get_modification_or_404(user: Reader, reference: str) -> Modification:
    """One visible modification by reference, or 404 (RED reads are logged)."""
    qs = Modification.objects.select_related(
        "target_release", "owning_body", "working_group", "proposer_organisation"
    )
    return get_visible_or_404(qs, user, reference=(reference or "").upper())


def _cited_by_body(user: Reader, body: Body) -> set[int]:
    """Ids of modifications cited by records of `body` that `user` may read."""
    mod_type = ContentType.objects.get_for_model(Modification)
    rows = Citation.objects.filter(target_type=mod_type).values_list(
        "source_type_id", "source_id", "target_id"
    )
    by_type: dict[int, dict[int, set[int]]] = {}
    for type_id, source_id, target_id in rows:
        by_type.setdefault(type_id, {}).setdefault(source_id, set()).add(target_id)
    found: set[int] = set()
    for type_id, sources in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not issubclass(model, ClassifiedModel):
            continue
        visible_ids = model.objects.visible_to(user).filter(owning_body=body, pk__in=list(sources))
        for source_id in visible_ids.values_list("pk", flat=True):
            found |= sources[source_id]
    return found


def modification_list(
    user: Reader,
    *,
    stage: str = "",
    path: str = "",
    release: str = "",
    body: str = "",
    q: str = "",
    on_hold: bool | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Modification]:
    """The register as `user` may read it, filtered and sorted.

    `stage` is a stage value, "open" or "closed"; `release` a release slug or "none"; `body` a
    body code: modifications it owns, refines as working group, met about, or cited in a
    record the user may read.
    """
    qs = Modification.objects.visible_to(user).select_related("target_release", "owning_body")
    if stage == "open":
        qs = qs.exclude(
            stage__in=[
                ModificationStage.IMPLEMENTED,
                ModificationStage.WITHDRAWN,
                ModificationStage.REJECTED,
            ]
        )
    elif stage == "closed":
        qs = qs.filter(
            stage__in=[
                ModificationStage.IMPLEMENTED,
                ModificationStage.WITHDRAWN,
                ModificationStage.REJECTED,
            ]
        )
    elif stage in ModificationStage.values:
        qs = qs.filter(stage=stage)
    if path in ModificationPath.values:
        qs = qs.filter(path=path)
    if release == "none":
        qs = qs.filter(target_release__isnull=True)
    elif release:
        qs = qs.filter(target_release__slug=release)
    if body:
        body_obj = Body.objects.filter(code=body).first()
        if body_obj is None:
            return qs.none()
        qs = qs.filter(
            Q(owning_body=body_obj)
            | Q(working_group=body_obj)
            | Q(
                pk__in=ModificationEvent.objects.in_force()
                .filter(meeting__body=body_obj)
                .values("modification")
            )
            | Q(pk__in=_cited_by_body(user, body_obj))
        ).distinct()
    if q:
        qs = qs.filter(Q(reference__icontains=q.strip()) | Q(title__icontains=q.strip()))
    if on_hold is not None:
        qs = qs.filter(on_hold=on_hold)
    ordering = SORTS.get(sort, SORTS[DEFAULT_SORT])[1]
    return qs.order_by(*ordering)


def modifications_owned_by(user: Reader, body_codes: Iterable[str]) -> QuerySet[Modification]:
    """Modifications owned by the bodies with these codes that `user` may read, by reference
    (another register's page listing the modifications its body leads)."""
    return (
        Modification.objects.visible_to(user)
        .filter(owning_body__code__in=list(body_codes))
        .order_by("reference")
    )


def stage_counts(user: Reader, **filters: Any) -> list[tuple[ModificationStage, int]]:
    """(stage, count) for every stage, in process order, over what `user` may read."""
    filters.pop("stage", None)
    filters.pop("sort", None)
    qs = modification_list(user, **filters).order_by()
    counts = Counter(qs.values_list("stage", flat=True))
    return [(s, counts.get(s.value, 0)) for s in STAGE_ORDER]


def release_list() -> QuerySet[Release]:
    """Every release (releases and their dates are public)."""
    return Release.objects.all()


def release_rows(user: Reader) -> list[tuple[Release, int]]:
    """Every release with the number of its modifications `user` may read (two queries)."""
    counts = Counter(
        Modification.objects.visible_to(user)
        .filter(target_release__isnull=False)
        .order_by()
        .values_list("target_release_id", flat=True)
    )
    return [(r, counts.get(r.pk, 0)) for r in release_list()]


def release_modifications(user: Reader, release: Release) -> QuerySet[Modification]:
    """The modifications targeting `release` that `user` may read."""
    return release.modifications.visible_to(user).order_by("reference")


def meeting_choices() -> QuerySet[Meeting]:
    """Meetings a change can be attributed to (meetings are public)."""
    return Meeting.objects.select_related("body").order_by("-starts_at")


def decision_choices(user: Reader) -> QuerySet[Decision]:
    """Decisions `user` may read, newest first."""
    return Decision.objects.visible_to(user).select_related("owning_body").order_by("-date", "-id")


# --- the timeline ------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One row of a modification's timeline: its own event, or a record that touched it."""

    date: datetime.date | None
    kind: str  # "event", "highlight", "decision", "meeting" or the model name
    title: str
    date_label: str = ""
    text: str = ""
    url: str = ""
    body: Body | None = None
    classification: Classification | None = None
    meeting: Meeting | None = None
    decision: Decision | None = None
    reason: str = ""
    how: str = ""  # "event", "cited", "mentioned"
    event: ModificationEvent | None = None
    # an event withdrawn as mistaken: shown struck through, counts for nothing
    withdrawn: bool = False


def _url_of(obj: Any) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _date_of(obj: Any) -> datetime.date | None:
    meeting = getattr(obj, "meeting", None)
    if isinstance(meeting, Meeting):
        return meeting.date
    for name in ("date", "period", "issued_on", "starts_at", "created_at"):
        value = getattr(obj, name, None)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
    return None


def _entry_for_record(obj: Any, how: str, user: Reader) -> TimelineEntry:
    meeting = getattr(obj, "meeting", None)
    meeting = meeting if isinstance(meeting, Meeting) else None
    date = _date_of(obj)
    if isinstance(obj, Highlight):
        label = f"{meeting.date:%-d %B %Y}" if meeting else f"{obj.period:%B %Y}"
        return TimelineEntry(
            date=date,
            kind="highlight",
            title=obj.heading,
            date_label=label,
            text=obj.text,
            url=_url_of(obj),
            body=obj.owning_body,
            classification=Classification(obj.classification),
            meeting=meeting,
            how=how,
        )
    if isinstance(obj, Decision):
        return TimelineEntry(
            date=date,
            kind="decision",
            title=f"Decision: {obj.get_verb_display()}",
            date_label=f"{obj.date:%-d %B %Y}",
            text=obj.text,
            url=_url_of(obj),
            body=obj.owning_body,
            classification=Classification(obj.classification),
            meeting=meeting,
            how=how,
        )
    if isinstance(obj, ModificationAdvice):
        title = f"Advice: {obj.get_kind_display()}"
        if obj.new_date is not None:
            title += f" ({obj.new_date:%-d %B %Y})"
        return TimelineEntry(
            date=obj.date,
            kind="advice",
            title=title,
            date_label=f"{obj.date:%-d %B %Y}",
            text=obj.text,
            url="",
            body=obj.owning_body,
            classification=Classification(obj.classification),
            meeting=meeting,
            how=how,
        )
    if isinstance(obj, Meeting):
        return TimelineEntry(
            date=obj.date,
            kind="meeting",
            title=str(obj),
            date_label=f"{obj.date:%-d %B %Y}",
            url=_url_of(obj),
            body=obj.body,
            meeting=obj,
            how=how,
        )
    level = getattr(obj, "classification", None)
    return TimelineEntry(
        date=date,
        kind=obj._meta.verbose_name,
        title=record_name(user, obj),  # never the name of a parent `user` may not read
        date_label=f"{date:%-d %B %Y}" if date else "",
        url=_url_of(obj),
        body=getattr(obj, "owning_body", None) or getattr(obj, "body", None),
        classification=Classification(level) if level is not None else None,
        meeting=meeting,
        how=how,
    )


def advice_on(user: Reader, modification: Modification) -> QuerySet[ModificationAdvice]:
    """What bodies advised on `modification` that `user` may read, oldest first; the meeting
    is public, the decision is not followed (it has its own visibility)."""
    return (
        ModificationAdvice.objects.visible_to(user)
        .filter(modification=modification)
        .select_related("owning_body", "meeting__body")
        .order_by("date", "id")
    )


def timeline_entry_or_404(modification: Modification, pk: int) -> ModificationEvent:
    """One entry of the timeline of `modification` (already read through `visible_to`), or 404
    (an entry of another modification is missing here)."""
    entry = modification.events.filter(pk=pk).first()
    if entry is None:
        raise Http404("No such timeline entry.")
    return entry


def modification_timeline(user: Reader, modification: Modification) -> list[TimelineEntry]:
    """One dated list of everything that touched `modification` that `user` may read: its own
    events, the records citing it (`core.citations.cited_by`) and the highlights and decisions
    whose text mentions its reference. Oldest first; undated entries last. Withdrawn entries
    stay, marked (`TimelineEntry.withdrawn`): the page strikes them through with the reason."""
    entries: list[TimelineEntry] = []
    visible_decisions = set(
        Decision.objects.visible_to(user)
        .filter(pk__in=modification.events.exclude(decision=None).values("decision"))
        .values_list("pk", flat=True)
    )
    for event in modification.events.select_related(
        "meeting__body", "decision__owning_body"
    ).order_by("date", "id"):
        decision = event.decision if event.decision_id in visible_decisions else None
        entries.append(
            TimelineEntry(
                date=event.date,
                kind="event",
                title=event.summary,
                date_label=f"{event.date:%-d %B %Y}",
                body=event.meeting.body if event.meeting else None,
                meeting=event.meeting,
                decision=decision,
                reason=event.reason,
                how="event",
                event=event,
                withdrawn=event.withdrawn_at is not None,
            )
        )
    for advice in advice_on(user, modification):
        entries.append(_entry_for_record(advice, "advised", user))
    seen: set[tuple[type, int]] = set()
    for obj in cited_by(user, modification, follow=("owning_body", "meeting__body", "body")):
        seen.add((type(obj), obj.pk))
        entries.append(_entry_for_record(obj, "cited", user))
    ref = modification.reference
    mentioned: list[Any] = list(
        Highlight.objects.visible_to(user)
        .filter(Q(text__contains=ref) | Q(heading__contains=ref))
        .select_related("owning_body", "meeting__body")
    )
    mentioned += list(
        Decision.objects.visible_to(user)
        .filter(text__contains=ref)
        .select_related("owning_body", "meeting__body")
    )
    for obj in mentioned:
        if (type(obj), obj.pk) in seen:
            continue
        words = references_in(f"{getattr(obj, 'heading', '')}\n{obj.text}")
        if ref not in words:
            continue  # MP102 is not mentioned by "MP102A"
        seen.add((type(obj), obj.pk))
        entries.append(_entry_for_record(obj, "mentioned", user))
    order = {"event": 0, "meeting": 1, "decision": 2, "highlight": 3}
    entries.sort(key=lambda e: (e.date is None, e.date or datetime.date.min, order.get(e.kind, 4)))
    return entries


def touching_bodies(entries: list[TimelineEntry]) -> list[Body]:
    """The bodies that appear in a timeline, in display order."""
    bodies = {e.body.pk: e.body for e in entries if e.body is not None and not e.withdrawn}
    return sorted(bodies.values(), key=lambda b: (b.display_order, b.name))
