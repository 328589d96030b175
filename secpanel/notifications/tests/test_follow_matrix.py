"""The visibility matrix of notifications' surfaces, on the matrix's own world and oracle
(`testkit.matrix`: every role, a record at every level of each owning body): following a
modification or a consultation (the button drawn, the POST 302, or 404 as for a missing
record), the settings page listing what one follows, and the digest (a Green title shown, the
rest counted, nothing for a record the role may not read)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.notifications import dispatch
from secpanel.notifications.models import DigestFrequency, Follow, FollowKind
from secpanel.testkit import build_world
from secpanel.testkit.matrix import OWNERS, ROLES, expected_levels

pytestmark = pytest.mark.django_db


def _modification(world, level, marker):
    return Modification.objects.create(
        owning_body=world.owner,
        classification=level,
        reference=f"SECMP{9000 + int(level):04d}",
        title=marker,
        date_raised=datetime.date(2019, 4, 1),
    )


def _consultation(world, level, marker):
    return Consultation.objects.create(
        owning_body=world.owner,
        classification=level,
        title=marker,
        closes_on=datetime.date(2030, 1, 1),
    )


CSRF_RE = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token differs every response


def _page(response) -> str:
    return CSRF_RE.sub("CSRF", response.content.decode())


KINDS = {
    "modification": (
        _modification,
        lambda o: f"/notifications/follow/modifications/{o.reference}/",
        "/notifications/follow/modifications/SECMP9999/",
    ),
    "consultation": (
        _consultation,
        lambda o: f"/notifications/follow/consultations/{o.pk}/",
        "/notifications/follow/consultations/999999/",
    ),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("owner", OWNERS)
def test_each_role_follows_exactly_what_it_may_read(owner, kind):
    world = build_world(owner=owner)
    make, follow_url, missing_url = KINDS[kind]
    records = {}
    for level in Classification:
        obj = make(world, level, f"MARK-{kind}-{level.name}-x")
        if level == Classification.RED:
            obj.red_distribution.add(world.users["red_recipient"])
        records[level] = obj
    problems = []
    for role in ROLES:
        if role == "anonymous":
            continue
        allowed = expected_levels(role, world.owner.code)
        client = Client()
        client.force_login(world.users[role])
        active = world.users[role].is_active
        missing = client.post(missing_url, {"action": "follow"})
        for level, obj in records.items():
            readable = level in allowed and active
            page = client.get(obj.get_absolute_url())
            button = 'data-testid="follow"' in page.content.decode()
            if button != readable:
                problems.append(f"{role} {level.name}: button {button}")
            response = client.post(follow_url(obj), {"action": "follow"})
            expected = 302 if readable or not active else 404  # inactive: to sign in
            if response.status_code != expected:
                problems.append(f"{role} {level.name}: follow {response.status_code}")
            elif expected == 404 and _page(response) != _page(missing):
                problems.append(f"{role} {level.name}: hidden is not missing")
        followed = set(
            Follow.objects.filter(user=world.users[role], kind=FollowKind(kind)).values_list(
                f"{kind}_id", flat=True
            )
        )
        wanted = {records[level].pk for level in allowed} if active else set()
        if followed != wanted:
            problems.append(f"{role}: follows {len(followed)} of {len(wanted)}")
        if not active:
            continue
        html = client.get("/notifications/settings/").content.decode()
        for level in records:
            marker = f"MARK-{kind}-{level.name}-x"
            if (marker in html) != (level in allowed):
                problems.append(
                    f"{role} settings: {'shows' if marker in html else 'hides'} {level.name}"
                )
        top = Classification.high_water(allowed)
        if f'data-classification="{top.name}"' not in html:
            problems.append(f"{role} settings: banner below {top.name}")
    assert problems == []


@pytest.mark.parametrize("owner", OWNERS)
def test_each_roles_digest_names_green_titles_counts_the_rest_and_nothing_hidden(owner, inbox):
    """Everyone follows the owning body; a change at every level; each digest shows the White
    and Green titles the role may read, counts the Amber and Red ones it may read, and says
    nothing of the others."""
    from secpanel.core.services import record_event
    from secpanel.notifications.models import NotificationSettings

    world = build_world(owner=owner)
    records = {}
    for level in Classification:
        obj = _modification(world, level, f"MARK-digest-{level.name}-x")
        if level == Classification.RED:
            obj.red_distribution.add(world.users["red_recipient"])
        records[level] = obj
        record_event(kind="modifications.modification_updated", actor=None, subject=obj)
    for role in ROLES:
        if role != "anonymous":
            Follow.objects.create(user=world.users[role], kind=FollowKind.BODY, body=world.owner)
            NotificationSettings.objects.create(
                user=world.users[role], digest=DigestFrequency.DAILY
            )
    dispatch.send_digests(timezone.now() + datetime.timedelta(seconds=1))
    problems = []
    for role in ROLES:
        if role == "anonymous":
            continue
        allowed = expected_levels(role, world.owner.code) if world.users[role].is_active else set()
        mails = inbox.to(f"{role}@example.org")
        if not allowed:
            if mails:
                problems.append(f"{role}: a digest with nothing it may read")
            continue
        body = mails[0].body if len(mails) == 1 else ""
        for level in Classification:
            shown = f"MARK-digest-{level.name}-x" in body
            if shown != (level in allowed and level <= Classification.GREEN):
                problems.append(f"{role} {level.name}: {'shown' if shown else 'not shown'}")
        restricted = sum(1 for level in allowed if level > Classification.GREEN)
        counted = (
            f"{restricted} restricted change" in body if restricted else "restricted" not in body
        )
        if not counted:
            problems.append(f"{role}: counts wrong ({restricted} expected)")
    assert problems == []
