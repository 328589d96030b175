"""A meeting's move with a value its form refuses is not taken: the page says why."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_move_with_a_reason_over_its_limit_is_refused_and_nothing_changes(world):
    meeting = Meeting.objects.create(
        body=world.owner,
        status="planned",
        starts_at=datetime.datetime(2019, 5, 7, 10, tzinfo=datetime.UTC),
    )
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    events = AuditEvent.objects.count()
    response = c.post(
        reverse("meetings:meeting_transition", args=[meeting.pk, "cancel"]),
        {"reason": "x" * 501},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reason: Ensure this value has at most 500 characters" in html
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    assert AuditEvent.objects.count() == events


def test_a_new_meeting_form_with_a_body_that_is_not_a_number_is_a_400(world):
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    assert c.get(reverse("meetings:meeting_create") + "?body=ssc").status_code == 400
    assert c.get(reverse("meetings:meeting_create") + f"?body={world.owner.pk}").status_code == 200
