"""Advice on a modification: recorded by the advising body's secretariat from the modification's
page, through the service (history, audit), shown in the modification's timeline to those who
may read it, refused to others; a bad form loses nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.modifications.models import ModificationAdvice
from secpanel.modifications.services import modification_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod(world):
    from secpanel.bodies.models import Membership

    sec = world.users["owner_secretariat"]
    Membership.objects.get_or_create(user=sec, body=world.panel, role="secretariat")
    from secpanel.core.policy import forget_access_profile

    forget_access_profile(sec)
    return modification_create(
        actor=sec,
        owning_body=world.panel,
        reference="SECMP0067",
        title="Service Request Traffic Management",
        date=datetime.date(2020, 2, 1),
        reason="Test",
    )


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def _form(**extra):
    return {
        "kind": "suitable_for_pa",
        "date": "2020-02-11",
        "text": "",
        "classification": str(int(Classification.WHITE)),
        "reason": "TABASC meeting",
        **extra,
    }


def test_a_secretariat_records_advice_and_it_shows_in_the_timeline(world, mod):
    client = _client(world, "owner_secretariat")
    url = reverse("modifications:advice_create", args=[mod.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(owning_body=world.owner.pk))
    assert response.status_code == 302
    advice = ModificationAdvice.objects.unrestricted().get()
    assert advice.owning_body == world.owner and advice.kind == "suitable_for_pa"
    assert AuditEvent.objects.filter(kind="modifications.modificationadvice_created").exists()
    assert advice.history.count() == 1
    page = Client().get(mod.get_absolute_url()).content.decode()
    assert "Advice: Suitable for Preliminary Assessment" in page


def test_a_date_change_without_its_date_is_a_field_error_and_nothing_is_saved(world, mod):
    client = _client(world, "owner_secretariat")
    url = reverse("modifications:advice_create", args=[mod.reference])
    response = client.post(url, _form(owning_body=world.owner.pk, kind="date_change"))
    assert response.status_code in (200, 400)
    assert "Give the implementation date that was agreed." in response.content.decode()
    assert not ModificationAdvice.objects.unrestricted().exists()


def test_no_one_without_a_body_to_run_may_advise_and_a_hidden_modification_is_missing(world, mod):
    url = reverse("modifications:advice_create", args=[mod.reference])
    assert _client(world, "party").post(url, _form(owning_body=world.owner.pk)).status_code == 403
    hidden = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0099",
        title="Hidden",
        classification=Classification.AMBER,
        date=datetime.date(2020, 2, 1),
        reason="Test",
    )
    url = reverse("modifications:advice_create", args=[hidden.reference])
    assert _client(world, "other_body_secretariat").get(url).status_code == 404
    # advising for a body one does not run is refused on the field, whatever the form says
    response = _client(world, "other_body_secretariat").post(
        reverse("modifications:advice_create", args=[mod.reference]),
        _form(owning_body=world.owner.pk),
    )
    assert response.status_code in (200, 400)
    assert not ModificationAdvice.objects.unrestricted().exists()


def test_hidden_advice_looks_missing_on_the_modifications_page(world, mod):
    from secpanel.modifications.services import advice_record

    advice_record(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        modification=mod,
        kind="other",
        date=datetime.date(2020, 2, 11),
        text="AMBER-ADVICE-MARKER",
        classification=Classification.AMBER,
        reason="Test",
    )
    assert "AMBER-ADVICE-MARKER" not in Client().get(mod.get_absolute_url()).content.decode()
    member = _client(world, "owner_member").get(mod.get_absolute_url()).content.decode()
    assert "AMBER-ADVICE-MARKER" in member
