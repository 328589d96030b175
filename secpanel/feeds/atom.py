"""Atom feeds with Django's syndication framework: published papers, decisions and the
modification register's changes. Each feed has a public address (read as nobody: White only)
and a private one under a person's feed key (read as that person); entries link to the pages,
which ask again who is reading.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification
from secpanel.feeds import selectors
from secpanel.meetings.models import Decision, Paper
from secpanel.modifications.models import Modification, ModificationEvent


@dataclass(frozen=True)
class Audience:
    """Who a feed is read as, and whether it is the public one."""

    reader: Reader
    public: bool
    key: str = ""


def _midday(day: datetime.date) -> datetime.datetime:
    """A dated record's time in a feed: noon in London on its day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _labelled(level: int, text: str) -> str:
    """A private feed's title says the level of anything above White."""
    cls = Classification(level)
    return text if cls == Classification.WHITE else f"[{cls.name}] {text}"


class _SecpanelFeed(Feed):
    feed_type = Atom1Feed
    name = ""  # "papers", "decisions", "modifications"
    noun = ""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        private = bool(kwargs.get("token"))
        response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
        return response

    def get_object(self, request: HttpRequest, token: str = "") -> Audience:
        if token:
            return Audience(selectors.reader_for_key(token), public=False, key=token)
        return Audience(selectors.public_reader(), public=True)

    def title(self, obj: Audience) -> str:
        who = "public" if obj.public else "yours"
        return f"secpanel: {self.noun} ({who})"

    def link(self, obj: Audience) -> str:
        return reverse("feeds:index")

    def feed_url(self, obj: Audience) -> str:
        if obj.public:
            return reverse(f"feeds:{self.name}_atom")
        return reverse(f"feeds:private_{self.name}_atom", args=[obj.key])

    def subtitle(self, obj: Audience) -> str:
        if obj.public:
            return f"The newest {self.noun}: public (White) records only."
        return f"The newest {self.noun} you may read. Keep this address private."

    def author_name(self) -> str:
        return "SEC Panel secretariat"

    def item_categories(self, item: Any) -> list[str]:
        return [f"TLP:{Classification(item.classification).name}"]


class PapersFeed(_SecpanelFeed):
    name = "papers"
    noun = "published papers"

    def items(self, obj: Audience) -> list[Paper]:
        return selectors.published_papers(obj.reader, public=obj.public)

    def item_title(self, item: Paper) -> str:
        return _labelled(item.classification, f"{item.owning_body.short_name}: {item}")

    def item_description(self, item: Paper) -> str:
        return item.summary

    def item_pubdate(self, item: Paper) -> datetime.datetime:
        return _midday(item.date)

    def item_updateddate(self, item: Paper) -> datetime.datetime:
        return item.updated_at


class DecisionsFeed(_SecpanelFeed):
    name = "decisions"
    noun = "decisions"

    def items(self, obj: Audience) -> list[Decision]:
        return selectors.recent_decisions(obj.reader, public=obj.public)

    def item_title(self, item: Decision) -> str:
        text = item.text if item.says_its_verb else f"{item.get_verb_display()}: {item.text}"
        first = text.strip().splitlines()[0] if text.strip() else text
        short = first if len(first) <= 120 else f"{first[:119]}…"
        return _labelled(item.classification, f"{item.owning_body.short_name}: {short}")

    def item_description(self, item: Decision) -> str:
        return item.text

    def item_pubdate(self, item: Decision) -> datetime.datetime:
        return _midday(item.date)

    def item_updateddate(self, item: Decision) -> datetime.datetime:
        return item.updated_at


class ModificationsFeed(_SecpanelFeed):
    """One entry per change to a modification (its events): stage, release, dates, holds,
    milestones."""

    name = "modifications"
    noun = "changes to modifications"

    def items(self, obj: Audience) -> list[tuple[ModificationEvent, Modification]]:
        return selectors.modification_changes(obj.reader, public=obj.public)

    def item_title(self, item: tuple[ModificationEvent, Modification]) -> str:
        event, modification = item
        return _labelled(modification.classification, f"{modification.reference}: {event.summary}")

    def item_description(self, item: tuple[ModificationEvent, Modification]) -> str:
        event, modification = item
        return "\n\n".join(t for t in (modification.title, event.reason) if t)

    def item_link(self, item: tuple[ModificationEvent, Modification]) -> str:
        return item[1].get_absolute_url()

    def item_guid(self, item: tuple[ModificationEvent, Modification]) -> str:
        return f"tag:secpanel,2019:modification-event-{item[0].pk}"

    def item_guid_is_permalink(self, item: Any) -> bool:
        return False

    def item_pubdate(self, item: tuple[ModificationEvent, Modification]) -> datetime.datetime:
        return _midday(item[0].date)

    def item_updateddate(self, item: tuple[ModificationEvent, Modification]) -> datetime.datetime:
        return item[0].created_at

    def item_categories(self, item: tuple[ModificationEvent, Modification]) -> list[str]:
        event, modification = item
        level = Classification(modification.classification)
        return [f"TLP:{level.name}", event.get_kind_display()]
