"""Reads for the feeds: the person a feed key names, and what each feed lists, always through
the apps' selectors (`visible_to(reader)`).

A public feed reads as nobody (`AnonymousUser`: White only) and keeps only White rows
besides; a private feed reads as the key's person.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from secpanel.accounts.types import Actor, Reader
from secpanel.api.models import key_digest
from secpanel.bodies.models import Body
from secpanel.core.calendar import CalendarEvent, collect_events
from secpanel.core.classification import Classification
from secpanel.feeds.models import FeedToken
from secpanel.meetings.models import Decision, Paper, PaperStatus
from secpanel.meetings.selectors import decision_list, paper_list
from secpanel.modifications.models import Modification, ModificationEvent

#: How many entries an Atom feed carries (the newest).
ATOM_ENTRIES = 50
#: The calendar feeds' window around today.
CALENDAR_PAST = datetime.timedelta(days=365)
CALENDAR_AHEAD = datetime.timedelta(days=2 * 365)


def feed_token_of(user: Actor) -> FeedToken | None:
    """`user`'s active feed key (its prefix and dates; the key itself is not kept)."""
    return FeedToken.objects.filter(user=user, revoked_at=None).first()


def reader_for_key(key: str) -> Actor:
    """The person whose active feed key this is, or 404 (a revoked, unknown or malformed key,
    or an inactive person, all alike). Notes the key's last use."""
    token = (
        FeedToken.objects.select_related("user")
        .filter(digest=key_digest(key), revoked_at=None)
        .first()
    )
    if token is None or not token.user.is_active:
        raise Http404("No such feed.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(hours=1):
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def public_reader() -> Reader:
    return AnonymousUser()


def calendar_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today - CALENDAR_PAST, today + CALENDAR_AHEAD


def calendar_events(
    reader: Reader, *, public: bool, body: Body | None = None
) -> list[CalendarEvent]:
    """Every app's events `reader` may read in the feed's window (core.calendar); a public
    feed keeps White events only; `body` keeps that body's."""
    start, end = calendar_window()
    events = collect_events(reader, start, end)
    if public:
        events = [e for e in events if e.classification == Classification.WHITE]
    if body is not None:
        events = [e for e in events if e.body_code == body.code]
    return events


def _white_only(qs: QuerySet, public: bool) -> QuerySet:
    return qs.filter(classification=Classification.WHITE) if public else qs


def published_papers(reader: Reader, *, public: bool) -> list[Paper]:
    """The newest published meeting papers `reader` may read."""
    qs = paper_list(reader).filter(status=PaperStatus.PUBLISHED)
    return list(_white_only(qs, public).order_by("-date", "-id")[:ATOM_ENTRIES])


def recent_decisions(reader: Reader, *, public: bool) -> list[Decision]:
    """The newest decisions `reader` may read."""
    qs = decision_list(reader)
    return list(_white_only(qs, public).order_by("-date", "-id")[:ATOM_ENTRIES])


def modification_changes(
    reader: Reader, *, public: bool
) -> list[tuple[ModificationEvent, Modification]]:
    """The newest events (stage, release, dates, milestones) of the modifications `reader`
    may read, each with its modification as read through `visible_to` (never the event's
    forward key). An event's decision is not followed (it has its own level). Entries
    withdrawn as mistaken are not changes (decisions/0022)."""
    visible = _white_only(Modification.objects.visible_to(reader), public)
    events = list(
        ModificationEvent.objects.in_force()
        .filter(modification__in=visible.values("pk"))
        .order_by("-date", "-id")[:ATOM_ENTRIES]
    )
    shown = visible.filter(pk__in={e.modification_id for e in events}).select_related("owning_body")
    by_pk = {m.pk: m for m in shown}
    return [(e, by_pk[e.modification_id]) for e in events if e.modification_id in by_pk]
