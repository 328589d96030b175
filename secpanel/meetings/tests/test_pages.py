"""The secretariat's pages: every form renders, saves through its service and reports errors
on fields; members read; the workflow buttons move states."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secpanel.meetings.models import Meeting, Minutes, Paper

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def meeting(world):
    return Meeting.objects.create(
        body=world.owner,
        number=9,
        starts_at=timezone.make_aware(datetime.datetime(2019, 4, 10, 10)),
    )


def test_every_editing_page_renders_for_the_secretariat(world, meeting):
    c = _client(world.users["owner_secretariat"])
    for url in [
        reverse("meetings:meeting_create"),
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        reverse("meetings:agenda_item_create", args=[meeting.pk]),
        reverse("meetings:attendance_create", args=[meeting.pk]),
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        reverse("meetings:decision_create") + f"?meeting={meeting.pk}",
        reverse("meetings:action_create") + f"?meeting={meeting.pk}",
        reverse("meetings:paper_create") + f"?meeting={meeting.pk}",
        reverse("meetings:highlight_create") + f"?meeting={meeting.pk}",
        reverse("meetings:body_home", args=[world.owner.code]),
        reverse("meetings:calendar") + "?month=2019-04",
        reverse("meetings:meeting_list"),
        reverse("meetings:my_actions"),
    ]:
        assert c.get(url).status_code == 200, url


def test_a_member_cannot_open_the_meeting_forms_of_a_body_they_do_not_serve(world, meeting):
    c = _client(world.users["owner_member"])
    assert c.get(reverse("meetings:agenda_item_create", args=[meeting.pk])).status_code == 404
    assert c.get(reverse("meetings:minutes_edit", args=[meeting.pk])).status_code == 404


def test_secretariat_schedules_a_meeting_with_field_errors_first(world):
    c = _client(world.users["owner_secretariat"])
    bad = c.post(
        reverse("meetings:meeting_create"),
        {"body": world.owner.pk, "starts_at": "2019-04-10T10:00", "ends_at": "2019-04-10T09:00"},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="id_ends_at-error"' in bad.content.decode() and Meeting.objects.count() == 0
    ok = c.post(
        reverse("meetings:meeting_create"),
        {"body": world.owner.pk, "starts_at": "2019-04-10T10:00", "location": "London"},
    )
    meeting = Meeting.objects.get()
    assert ok.status_code == 302 and ok["Location"] == meeting.get_absolute_url()


def test_paper_page_allocates_a_reference_and_the_workflow_buttons_issue_it(world, meeting):
    from secpanel.meetings.services import agenda_item_add

    sec = world.users["owner_secretariat"]
    item = agenda_item_add(actor=sec, meeting=meeting, title="Report", number=4)
    c = _client(sec)
    c.post(
        reverse("meetings:paper_create"),
        {
            "owning_body": world.owner.pk,
            "meeting": meeting.pk,
            "agenda_item": item.pk,
            "title": "Sub-Committee Report",
            "action": "information",
            "team": "SECAS Team",
            "date": "2019-04-03",
            "classification": 1,
        },
    )
    paper = Paper.objects.unrestricted().get()
    assert paper.reference == "SSC_9_1004_4"
    refused = c.post(reverse("meetings:paper_transition", args=[paper.pk, "issue"]), follow=True)
    assert "Add at least one recommendation" in refused.content.decode()
    c.post(
        reverse("meetings:recommendation_create", args=[paper.pk]),
        {"verb": "NOTE", "text": "the content of this paper."},
    )
    c.post(reverse("meetings:paper_transition", args=[paper.pk, "issue"]))
    paper.refresh_from_db()
    assert paper.status == "issued"
    page = _client(world.users["party"]).get(paper.get_absolute_url()).content.decode()
    assert "SSC_9_1004_4" in page and "<strong>NOTE</strong> the content of this paper." in page


def test_minutes_are_written_approved_and_then_offer_no_revision(world, meeting):
    c = _client(world.users["owner_secretariat"])
    c.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        {"text": "Draft minutes", "classification": 3, "reason": "First draft"},
    )
    minutes = Minutes.objects.unrestricted().get()
    c.post(reverse("meetings:minutes_transition", args=[minutes.pk, "approve"]))
    response = c.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        {"text": "Changed", "classification": 3},
    )
    assert "approved and locked" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.text == "Draft minutes" and minutes.status == "approved"
