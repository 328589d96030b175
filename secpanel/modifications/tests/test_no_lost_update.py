"""No lost updates: two people open the same modification's edit form; the first saves; the
second's save is refused with what changed and by whom, nothing of theirs is written, and a
second save (after looking) replaces the record on purpose."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.modifications.models import Modification
from secpanel.modifications.services import modification_create, modification_update
from secpanel.testkit.forms import opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod(world):
    from secpanel.core.policy import forget_access_profile

    sec = world.users["owner_secretariat"]
    forget_access_profile(sec)
    return modification_create(
        actor=sec,
        owning_body=world.owner,
        reference="SECMP0055",
        title="Incorporation of multiple Issue Resolution Proposals",
        lead_analyst="First analyst",
        date=datetime.date(2019, 4, 1),
        reason="Test",
    )


def _post(client: Client, url: str, mod: Modification, seen: str, **changes: str):
    data = {
        "owning_body": mod.owning_body_id,
        "reference": mod.reference,
        "title": mod.title,
        "slug": mod.slug,
        "public_url": mod.public_url,
        "path": mod.path,
        "classification": mod.classification,
        "lead_analyst": mod.lead_analyst,
        "reason": "Edit",
        "seen_version": seen,
        **changes,
    }
    return client.post(url, data)


def test_the_second_save_of_the_same_version_is_refused_and_loses_nothing(world, mod):
    url = reverse("modifications:modification_edit", args=[mod.reference])
    alice, bob = Client(), Client()
    alice.force_login(world.users["owner_secretariat"])
    bob.force_login(world.users["owner_secretariat"])
    seen = opened(alice, url)["seen_version"]
    assert opened(bob, url)["seen_version"] == seen

    first = _post(alice, url, mod, seen, lead_analyst="Alice's analyst")
    assert first.status_code == 302
    second = _post(bob, url, mod, seen, title="Bob's title")
    page = second.content.decode()
    assert second.status_code == 200
    assert "after you opened it. Their changes to lead analyst are now in the form" in page
    assert "Nothing was saved yet" in page
    stored = Modification.objects.unrestricted().get(pk=mod.pk)
    assert stored.lead_analyst == "Alice's analyst"
    assert stored.title == mod.title  # Bob's title was not written

    # the form now carries Alice's change and the version Bob was shown: saving it stores both
    again = re.search(r'name="seen_version" value="([^"]*)"', page).group(1)
    assert again != seen
    assert 'value="Alice&#x27;s analyst"' in page
    third = _post(bob, url, mod, again, title="Bob's title", lead_analyst="Alice's analyst")
    assert third.status_code == 302
    stored = Modification.objects.unrestricted().get(pk=mod.pk)
    assert (stored.title, stored.lead_analyst) == ("Bob's title", "Alice's analyst")


def test_both_changing_one_field_keeps_this_persons_entry_and_says_so(world, mod):
    url = reverse("modifications:modification_edit", args=[mod.reference])
    alice, bob = Client(), Client()
    alice.force_login(world.users["owner_secretariat"])
    bob.force_login(world.users["owner_secretariat"])
    seen = opened(alice, url)["seen_version"]
    opened(bob, url)
    assert _post(alice, url, mod, seen, title="Alice's title").status_code == 302
    page = _post(bob, url, mod, seen, title="Bob's title").content.decode()
    assert "You both changed title: your entry is kept below" in page
    assert 'value="Bob&#x27;s title"' in page
    assert Modification.objects.unrestricted().get(pk=mod.pk).title == "Alice's title"


def test_a_save_through_a_service_elsewhere_also_counts_as_a_newer_version(world, mod):
    url = reverse("modifications:modification_edit", args=[mod.reference])
    client = Client()
    client.force_login(world.users["owner_secretariat"])
    seen = opened(client, url)["seen_version"]
    modification_update(
        actor=world.users["owner_secretariat"],
        modification=mod,
        reason="Elsewhere",
        latest_update="Updated elsewhere",
    )
    response = _post(client, url, mod, seen, title="Mine")
    assert "after you opened it" in response.content.decode()
    assert Modification.objects.unrestricted().get(pk=mod.pk).title == mod.title
