"""A chair declassifies through the page with a reason; auditors read the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def red(world):
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="Red one",
        text="T",
        period=datetime.date(2019, 4, 1),
    )


def _url(obj):
    return reverse("core:classification_edit", args=["meetings", "highlight", obj.pk])


def test_a_chair_lowers_a_level_with_a_reason_and_it_is_recorded(world, red):
    c = _client(world.users["owner_chair"])
    response = c.post(_url(red), {"level": Classification.AMBER, "reason": "Agreed at SSC 12"})
    assert response.status_code == 302
    red.refresh_from_db()
    assert red.classification == Classification.AMBER
    event = AuditEvent.objects.get(kind="classification.declassified")
    assert event.actor == world.users["owner_chair"] and event.reason == "Agreed at SSC 12"


def test_lowering_without_a_reason_is_refused_on_the_page(world, red):
    c = _client(world.users["owner_chair"])
    response = c.post(_url(red), {"level": Classification.WHITE, "reason": ""})
    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    red.refresh_from_db()
    assert red.classification == Classification.RED


def test_a_member_who_can_read_it_may_not_change_it(world, red):
    c = _client(world.users["owner_member"])
    assert c.get(_url(red)).status_code == 403


def test_someone_who_cannot_read_it_gets_404(world, red):
    c = _client(world.users["panel_member"])
    assert c.get(_url(red)).status_code == 404
    assert (
        c.get(
            reverse("core:classification_edit", args=["bodies", "body", world.owner.pk])
        ).status_code
        == 404
    )


def test_only_auditors_read_the_audit_log(world, red):
    AuditEvent.objects.create(kind="classification.red_read", actor=world.users["owner_member"])
    assert _client(world.users["auditor"]).get(reverse("core:audit_log")).status_code == 200
    for role in ("administrator", "owner_secretariat", "panel_member"):
        assert _client(world.users[role]).get(reverse("core:audit_log")).status_code == 404
    assert Client().get(reverse("core:audit_log")).status_code == 404
    html = (
        _client(world.users["auditor"])
        .get(reverse("core:audit_log") + "?kind=classification.")
        .content.decode()
    )
    assert "classification.red_read" in html
