"""No lost update on the edit surfaces that are not a record's own model form (issue 17): the
published summary of responses, a modification's dates and its on-hold switch, a record's
level. Two colleagues open the same form; the first saves; the second's save of the version it
opened is refused with the conflict message and the record keeps the first save."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.policy import forget_access_profile
from secpanel.documents import services as documents
from secpanel.documents.models import Consultation
from secpanel.modifications.models import Modification
from secpanel.modifications.services import modification_create
from secpanel.testkit.forms import opened

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CONFLICT = "after you opened it"


def _two(world) -> tuple[Client, Client]:
    sec = world.users["owner_secretariat"]
    forget_access_profile(sec)
    first, second = Client(), Client()
    first.force_login(sec)
    second.force_login(sec)
    return first, second


def _opened(client: Client, url: str) -> str:
    """The version the form was opened on, as the page sent it."""
    return opened(client, url)["seen_version"]


@pytest.fixture
def mod(world):
    sec = world.users["owner_secretariat"]
    forget_access_profile(sec)
    return modification_create(
        actor=sec,
        owning_body=world.owner,
        reference="SECMP0077",
        title="Conflict test",
        implementation_date=datetime.date(2030, 6, 1),
        reason="Test",
    )


def _stored(mod: Modification) -> Modification:
    return Modification.objects.unrestricted().get(pk=mod.pk)


def test_a_stale_reschedule_is_refused_and_keeps_the_newer_date(world, mod):
    url = reverse("modifications:modification_reschedule", args=[mod.reference])
    alice, bob = _two(world)
    seen = _opened(alice, url)
    assert _opened(bob, url) == seen
    first = alice.post(
        url, {"implementation_date": "2030-07-01", "reason": "Moved", "seen_version": seen}
    )
    assert first.status_code == 302
    # Bob only meant to name a release; his form still shows 1 June
    second = bob.post(
        url, {"implementation_date": "2030-06-01", "reason": "Mine", "seen_version": seen}
    )
    html = second.content.decode()
    assert second.status_code == 200 and CONFLICT in html and "Nothing was saved yet" in html
    assert _stored(mod).implementation_date == datetime.date(2030, 7, 1)
    assert 'value="2030-07-01"' in html  # their date is now in his form (he left it as it was)


def test_a_stale_put_on_hold_does_not_take_it_off_hold(world, mod):
    url = reverse("modifications:modification_hold", args=[mod.reference])
    alice, bob = _two(world)
    seen = _opened(alice, url)
    assert _opened(bob, url) == seen  # both pages say "Put on hold"
    assert alice.post(url, {"reason": "Waiting", "seen_version": seen}).status_code == 302
    assert _stored(mod).on_hold
    second = bob.post(url, {"reason": "Waiting too", "seen_version": seen})
    assert second.status_code == 200 and CONFLICT in second.content.decode()
    assert _stored(mod).on_hold  # not toggled back off


def test_a_stale_summary_of_responses_does_not_replace_the_newer_one(world):
    sec = world.users["owner_secretariat"]
    forget_access_profile(sec)
    consultation = documents.consultation_create(
        actor=sec,
        owning_body=world.owner,
        title="SCF review",
        closes_on=TODAY + datetime.timedelta(days=7),
        opens_on=TODAY - datetime.timedelta(days=7),
        classification=Classification.WHITE,
    )
    consultation = documents.consultation_transition(actor=sec, obj=consultation, name="open")
    Consultation.objects.unrestricted().filter(pk=consultation.pk).update(
        closes_on=TODAY - datetime.timedelta(days=1)
    )
    url = reverse("documents:consultation_summary", args=[consultation.pk])
    alice, bob = _two(world)
    seen = _opened(alice, url)
    assert _opened(bob, url) == seen
    first = alice.post(
        url, {"response_summary": "Alice's summary.", "reason": "SSC 12", "seen_version": seen}
    )
    assert first.status_code == 302
    second = bob.post(
        url, {"response_summary": "Bob's summary.", "reason": "SSC 12", "seen_version": seen}
    )
    html = second.content.decode()
    assert second.status_code == 200 and CONFLICT in html
    assert "You both changed" in html and "Bob&#x27;s summary." in html  # his text kept
    stored = Consultation.objects.unrestricted().get(pk=consultation.pk)
    assert stored.response_summary == "Alice's summary."


def test_a_level_chosen_on_an_older_version_is_not_set_over_a_newer_one(world, mod):
    url = reverse("core:classification_edit", args=["modifications", "modification", mod.pk])
    alice, bob = _two(world)
    seen = _opened(alice, url)
    assert _opened(bob, url) == seen
    raised = alice.post(url, {"level": "3", "reason": "Names a site", "seen_version": seen})
    assert raised.status_code == 302
    assert _stored(mod).classification == Classification.AMBER
    stale = bob.post(url, {"level": "2", "reason": "Fine", "seen_version": seen})
    html = stale.content.decode()
    assert stale.status_code == 200 and CONFLICT in html and "Nothing was changed" in html
    assert _stored(mod).classification == Classification.AMBER
