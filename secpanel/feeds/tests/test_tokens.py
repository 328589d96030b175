"""Feed keys: made and replaced by their person on "Your feeds" (through the service, with an
audit event), stored as a SHA-256 only, revoked at once; a key never reads for more than its
person, and nothing at all once that person is inactive."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from secpanel.core.models import AuditEvent
from secpanel.feeds.models import FeedToken, key_digest
from secpanel.feeds.services import feed_token_revoke, feed_token_rotate

pytestmark = pytest.mark.django_db

FEED_URL = re.compile(r"http://testserver/feeds/(spf_[A-Za-z0-9_-]+)/calendar\.ics")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_your_feeds_needs_signing_in(world):
    response = Client().get(reverse("feeds:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_making_private_feeds_shows_the_addresses_once(world):
    user = world.users["owner_member"]
    client = _signed_in(user)
    page = client.get(reverse("feeds:index")).content.decode()
    assert "http://testserver/calendar.ics" in page  # the public feeds are listed
    assert "http://testserver/feeds/papers.atom" in page
    assert f"http://testserver/bodies/{world.owner.code}/calendar.ics" in page
    assert 'data-copy="public-1"' in page
    response = client.post(reverse("feeds:index"), {"action": "rotate"})
    assert response.status_code == 200
    html = response.content.decode()
    key = FEED_URL.search(html).group(1)
    for name in ("papers", "decisions", "modifications"):
        assert f"http://testserver/feeds/{key}/{name}.atom" in html
    token = FeedToken.objects.get(user=user, revoked_at=None)
    assert token.digest == key_digest(key)
    assert key not in {token.prefix, token.digest} and key.startswith(token.prefix)
    event = AuditEvent.objects.get(kind="feeds.token_created")
    assert event.actor == user and key not in str(event.after)
    # shown once: the page afterwards names the key by its prefix only
    again = client.get(reverse("feeds:index")).content.decode()
    assert key not in again and token.prefix in again
    assert Client().get(reverse("feeds:private_calendar", args=[key])).status_code == 200


def test_new_addresses_turn_the_old_ones_off(world):
    user = world.users["owner_member"]
    client = _signed_in(user)
    first = FEED_URL.search(
        client.post(reverse("feeds:index"), {"action": "rotate"}).content.decode()
    ).group(1)
    second = FEED_URL.search(
        client.post(reverse("feeds:index"), {"action": "rotate"}).content.decode()
    ).group(1)
    assert first != second
    old = Client().get(reverse("feeds:private_papers_atom", args=[first]))
    missing = Client().get(reverse("feeds:private_papers_atom", args=["spf_never-made"]))
    assert old.status_code == missing.status_code == 404
    csrf = re.compile(rb'"X-CSRFToken": "[^"]+"')  # a new token with every response
    assert csrf.sub(b"", old.content) == csrf.sub(b"", missing.content)
    assert Client().get(reverse("feeds:private_papers_atom", args=[second])).status_code == 200
    assert FeedToken.objects.filter(user=user).count() == 2
    assert FeedToken.objects.filter(user=user, revoked_at=None).count() == 1
    assert AuditEvent.objects.filter(kind="feeds.token_revoked", actor=user).count() == 1


def test_turning_private_feeds_off_revokes_the_key(world):
    user = world.users["owner_member"]
    client = _signed_in(user)
    key = FEED_URL.search(
        client.post(reverse("feeds:index"), {"action": "rotate"}).content.decode()
    ).group(1)
    response = client.post(reverse("feeds:index"), {"action": "revoke"})
    assert response.status_code == 302
    for name in (
        "private_calendar",
        "private_papers_atom",
        "private_decisions_atom",
        "private_modifications_atom",
    ):
        assert Client().get(reverse(f"feeds:{name}", args=[key])).status_code == 404
    assert AuditEvent.objects.filter(kind="feeds.token_revoked", actor=user).count() == 1
    assert FeedToken.objects.get(user=user).revoked_at is not None


def test_a_bad_request_changes_nothing(world):
    user = world.users["owner_member"]
    client = _signed_in(user)
    for data in ({"action": "everything"}, {}, {"action": ["rotate", "revoke"]}):
        assert client.post(reverse("feeds:index"), data).status_code == 400
    assert not FeedToken.objects.exists()


def test_an_inactive_persons_key_gives_nothing(world, feed_keys):
    key = feed_keys["owner_member"]
    user = world.users["owner_member"]
    user.is_active = False
    user.save()
    for name in (
        "private_calendar",
        "private_papers_atom",
        "private_decisions_atom",
        "private_modifications_atom",
    ):
        assert Client().get(reverse(f"feeds:{name}", args=[key])).status_code == 404


def test_a_key_is_made_and_revoked_by_its_person_only(world):
    owner, other = world.users["owner_member"], world.users["party"]
    with pytest.raises(PermissionDenied):
        feed_token_rotate(actor=other, user=owner)
    feed_token_rotate(actor=owner, user=owner)
    with pytest.raises(PermissionDenied):
        feed_token_revoke(actor=other, user=owner)
    assert FeedToken.objects.get(user=owner).revoked_at is None


def test_a_person_has_one_active_key_at_most(world):
    owner = world.users["owner_member"]
    feed_token_rotate(actor=owner, user=owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedToken.objects.create(user=owner, prefix="spf_x", digest=key_digest("spf_x"))


def test_a_session_does_not_open_a_private_feed(world, feed_keys):
    """The key is the only way in: a signed-in person asking for a made-up key gets 404."""
    client = _signed_in(world.users["owner_member"])
    assert client.get(reverse("feeds:private_calendar", args=["spf_made-up"])).status_code == 404
