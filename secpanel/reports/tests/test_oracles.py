"""Existence oracles on compiling a report (issue 10, hole 8): whether a (hidden) draft already
exists for a meeting is only said to someone allowed to compile one. Everyone else gets the
permission refusal first, the same answer whether a report exists or not."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from secpanel.meetings.models import Meeting
from secpanel.reports.models import PanelReport
from secpanel.reports.services import report_create

pytestmark = pytest.mark.django_db


def _page(response):
    """The page without its per-response CSRF token."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def existing_draft(world, march_2020):
    return report_create(actor=world.users["owner_secretariat"], meeting=march_2020)


@pytest.fixture
def meeting_without_report(world):
    return Meeting.objects.create(
        body=world.panel,
        number=81,
        status="planned",
        starts_at=datetime.datetime(2020, 4, 17, 10, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize("role", ["party", "owner_member", "panel_member"])
def test_the_service_refuses_permission_before_saying_a_hidden_draft_exists(
    world, march_2020, existing_draft, role
):
    with pytest.raises(PermissionDenied):
        report_create(actor=world.users[role], meeting=march_2020)


def test_a_user_who_may_not_compile_gets_the_permission_answer_whether_a_draft_exists_or_not(
    world, march_2020, existing_draft, meeting_without_report
):
    assert not PanelReport.objects.visible_to(world.users["party"]).exists()
    party = _client(world.users["party"])
    url = reverse("reports:report_create")
    taken = party.post(url, {"meeting": march_2020.pk, "action": "For Information"})
    free = party.post(url, {"meeting": meeting_without_report.pk, "action": "For Information"})
    html = taken.content.decode()
    assert existing_draft.reference not in html
    assert "already exists" not in html
    assert taken.status_code == free.status_code == 403
    assert _page(taken) == _page(free)


def test_the_panels_secretariat_still_hears_that_the_report_exists(
    world, march_2020, existing_draft
):
    response = _client(world.users["owner_secretariat"]).post(
        reverse("reports:report_create"), {"meeting": march_2020.pk, "action": "For Information"}
    )
    assert response.status_code == 200
    assert f"{existing_draft.reference} already exists" in response.content.decode()
