"""Canaries in AMBER and RED records of three bodies, planted through the services: never in a
public feed, and in a person's private feeds only when that person may read the record (so
never in another person's private feed)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.bodies.models import Membership
from secpanel.core.classification import Classification
from secpanel.meetings import services as m
from secpanel.meetings.models import RecommendationVerb
from secpanel.modifications import services as mods

pytestmark = pytest.mark.django_db

A, R = Classification.AMBER, Classification.RED
OWNER_FULL = {"owner_chair", "owner_member", "owner_alternate", "owner_secretariat"}
OTHER_FULL = {"other_body_member", "other_body_secretariat"}
# (body, level) -> who may read, from the policy's table (README), not from core.policy
READERS = {
    ("owner", R): OWNER_FULL | {"red_recipient"},  # on the distribution
    ("owner", A): OWNER_FULL | {"owner_observer", "panel_member"},
    ("other", R): OTHER_FULL,
    ("other", A): OTHER_FULL | {"panel_member"},
    ("panel", R): {"panel_member", "panel_secretary"},
    ("panel", A): {"panel_member", "panel_secretary", "panel_secretariat_only"},
}


def squash(text: str) -> str:
    """Letters and digits only: a canary folded across ICS lines is still found."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@pytest.fixture
def planted(world):
    """Canaries in decisions, actions due soon, published papers and modifications (with
    their events) of the SSC, TABASC and the Panel, each at AMBER and RED."""
    from secpanel.accounts.models import User

    panel_secretary = User.objects.create_user(username="panel_secretary", password="pw")
    Membership.objects.create(user=panel_secretary, body=world.panel, role="secretariat")
    world.users["panel_secretary"] = panel_secretary
    secretaries = {
        "owner": world.users["owner_secretariat"],
        "other": world.users["other_body_secretariat"],
        "panel": panel_secretary,
    }
    bodies = {"owner": world.owner, "other": world.other, "panel": world.panel}
    soon = datetime.date.today() + datetime.timedelta(days=5)
    canaries: dict[str, tuple[str, Classification]] = {}
    number = 0
    for key, body in bodies.items():
        sec = secretaries[key]
        for level in (A, R):
            dist = [world.users["red_recipient"]] if (key, level) == ("owner", R) else []

            def canary(kind: str, key: str = key, body=body, level=level) -> str:
                nonlocal number
                number += 1
                token = f"CANARY-{level.name}-{body.code}-{kind}-{number}"
                canaries[token] = (key, level)
                return token

            t = canary("DECISION")
            m.decision_record(
                actor=sec,
                owning_body=body,
                verb="agreed",
                text=f"{t} was agreed.",
                date=soon,
                classification=level,
                distribution=dist,
                reason=t,
            )
            t = canary("ACTION")
            m.action_create(
                actor=sec,
                owning_body=body,
                text=f"{t} to follow up.",
                due_date=soon,
                owner_person=sec,
                classification=level,
                distribution=dist,
                reason=t,
            )
            t = canary("PAPER")
            paper = m.paper_create(
                actor=sec,
                owning_body=body,
                title=t,
                date=soon,
                summary=f"{t} summary.",
                classification=level,
                distribution=dist,
                reason=t,
            )
            m.recommendation_add(actor=sec, paper=paper, verb=RecommendationVerb.NOTE, text=t)
            m.paper_transition(actor=sec, obj=paper, name="issue", reason=t)
            m.paper_transition(actor=sec, obj=paper, name="publish", reason=t)
            t = canary("MODIFICATION")
            mods.modification_create(
                actor=sec,
                owning_body=body,
                reference=f"SECMP{800 + number:04d}",
                title=t,
                classification=level,
                date=soon,
                distribution=dist,
                reason=t,
            )
    return canaries


def _public_urls(world) -> list[str]:
    return [
        reverse("feeds:public_calendar"),
        *(reverse("feeds:body_calendar", args=[b.code]) for b in world.bodies.values()),
        reverse("feeds:papers_atom"),
        reverse("feeds:decisions_atom"),
        reverse("feeds:modifications_atom"),
    ]


def _private_urls(key: str) -> list[str]:
    return [
        reverse("feeds:private_calendar", args=[key]),
        reverse("feeds:private_papers_atom", args=[key]),
        reverse("feeds:private_decisions_atom", args=[key]),
        reverse("feeds:private_modifications_atom", args=[key]),
    ]


def test_no_canary_reaches_a_feed_its_reader_may_not_read(world, planted, feed_keys):
    from secpanel.feeds.services import feed_token_rotate

    secretary = world.users["panel_secretary"]
    feed_keys["panel_secretary"] = feed_token_rotate(actor=secretary, user=secretary)[1]
    public = Client()
    leaks: list[str] = []
    seen: dict[str, set[str]] = {}
    for url in _public_urls(world):
        response = public.get(url)
        assert response.status_code == 200, url
        text = squash(response.content.decode())
        leaks += [f"public {url}: {t}" for t in planted if squash(t) in text]
    for role, key in feed_keys.items():
        for url in _private_urls(key):
            response = Client().get(url)
            assert response.status_code == 200, (role, url)
            text = squash(response.content.decode())
            for token, (body, level) in planted.items():
                if squash(token) in text:
                    seen.setdefault(token, set()).add(role)
                    if role not in READERS[(body, level)]:
                        leaks.append(f"{role} {url}: {token}")
    assert leaks == []
    # the control: every canary reached every reader of it (in each of its feeds' kinds)
    for token, (body, level) in planted.items():
        assert seen.get(token, set()) == READERS[(body, level)], token


def test_each_kind_of_record_reaches_its_feed(world, planted, feed_keys):
    """The control of the control: a decision canary is in the decisions feed, an action's in
    the calendar, a paper's in the papers feed, a modification's in the changes feed."""
    key = feed_keys["owner_member"]
    feeds = dict(
        zip(("calendar", "papers", "decisions", "modifications"), _private_urls(key), strict=True)
    )
    where = {"ACTION": "calendar", "PAPER": "papers", "DECISION": "decisions"}
    where["MODIFICATION"] = "modifications"
    texts = {name: squash(Client().get(url).content.decode()) for name, url in feeds.items()}
    for token, (body, _level) in planted.items():
        if body != "owner":
            continue
        kind = token.split("-")[3]
        assert squash(token) in texts[where[kind]], token
