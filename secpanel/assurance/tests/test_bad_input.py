"""An assessment step with a date the register cannot use is a field error: the step is not
taken, nothing is written, and the form says what is wrong."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.assurance import services
from secpanel.assurance.models import UserSecurityAssessment
from secpanel.core.models import AuditEvent

from .factories import sec_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(world):
    return services.assessment_create(
        actor=world.users["owner_secretariat"],
        sec_user=sec_user(world),
        assessment_type="verification",
        cycle_year=2,
        fieldwork_end=datetime.date(2019, 2, 8),
    )


def _status(a):
    return UserSecurityAssessment.objects.unrestricted().get(pk=a.pk)


def _writes():
    """Audit events other than the log of Red reads (opening a Red record is logged)."""
    return AuditEvent.objects.exclude(kind="classification.red_read").count()


@pytest.mark.parametrize("on", ["garbage", "2019-02-30", "9999-12-31", "0001-01-01"])
def test_a_step_with_a_date_that_is_not_a_sane_date_is_a_field_error_and_changes_nothing(
    world, booked, on
):
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    events = _writes()
    response = c.post(
        reverse("assurance:assessment_transition", args=[booked.pk, "start_fieldwork"]),
        {"on": on, "reason": "Auditor on site"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_on-error"' in html
    assert "Enter a valid date" in html or "2100" in html
    after = _status(booked)
    assert after.status == booked.status and after.fieldwork_start is None
    assert _writes() == events


def test_a_step_with_a_good_date_is_taken(world, booked):
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    response = c.post(
        reverse("assurance:assessment_transition", args=[booked.pk, "start_fieldwork"]),
        {"on": "2019-02-04"},
    )
    assert response.status_code == 302
    assert _status(booked).fieldwork_start == datetime.date(2019, 2, 4)


def test_a_step_of_an_unknown_name_is_not_found(world, booked):
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    response = c.post(
        reverse("assurance:assessment_transition", args=[booked.pk, "no-such-step"]),
        {"on": "garbage"},
    )
    assert response.status_code == 404
