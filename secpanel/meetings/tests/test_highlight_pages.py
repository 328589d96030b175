"""Secretariat records highlights through the pages; validation errors land on their fields."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_secretariat_creates_a_highlight_and_history_keeps_the_reason(world):
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("meetings:highlight_create"),
        {
            "owning_body": world.owner.pk,
            "heading": "SMETS1 Update",
            "text": "Text",
            "period": "2019-04-01",
            "position": 10,
            "classification": Classification.AMBER,
            "reason": "From the minutes",
        },
    )
    h = Highlight.objects.unrestricted().get()
    assert response.status_code == 302 and response["Location"] == h.get_absolute_url()
    assert h.history.get().history_change_reason == "From the minutes"


def test_missing_fields_are_reported_on_the_field_and_nothing_is_saved(world):
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("meetings:highlight_create"),
        {
            "owning_body": world.owner.pk,
            "heading": "",
            "text": "Text",
            "period": "not a date",
            "classification": Classification.AMBER,
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_heading-error"' in html and 'id="id_period-error"' in html
    assert "Enter a valid date" in html
    assert Highlight.objects.unrestricted().count() == 0


def test_lowering_a_level_without_a_reason_is_refused_on_the_classification_field(world):
    h = Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="H",
        text="T",
        period="2019-04-01",
    )
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("meetings:highlight_edit", args=[h.pk]),
        {
            "owning_body": world.owner.pk,
            "heading": "H",
            "text": "T",
            "period": "2019-04-01",
            "position": 10,
            "classification": Classification.WHITE,
            "reason": "",
        },
    )
    assert 'id="id_classification-error"' in response.content.decode()
    h.refresh_from_db()
    assert h.classification == Classification.RED


def test_a_member_cannot_pick_a_body_they_do_not_serve(world):
    data = {
        "owning_body": world.owner.pk,
        "heading": "H",
        "text": "T",
        "period": "2019-04-01",
        "position": 10,
        "classification": Classification.AMBER,
    }
    # a secretariat of another body: the form offers only its own bodies
    c = _client(world.users["other_body_secretariat"])
    response = c.post(reverse("meetings:highlight_create"), data)
    assert "Select a valid choice" in response.content.decode()
    # a member who runs no body is refused before the form is read (ServiceFormView.may_write)
    response = _client(world.users["owner_member"]).post(reverse("meetings:highlight_create"), data)
    assert response.status_code == 403
    assert Highlight.objects.unrestricted().count() == 0


def test_edit_page_of_a_hidden_record_is_404(world):
    h = Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="H",
        text="T",
        period="2019-04-01",
    )
    c = _client(world.users["other_body_secretariat"])
    assert c.get(reverse("meetings:highlight_edit", args=[h.pk])).status_code == 404


def test_the_edit_form_shows_the_stored_date_in_iso_form_for_the_date_input(world):
    h = Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.AMBER,
        heading="H",
        text="T",
        period="2019-04-01",
    )
    c = _client(world.users["owner_secretariat"])
    html = c.get(reverse("meetings:highlight_edit", args=[h.pk])).content.decode()
    assert 'type="date"' in html and 'value="2019-04-01"' in html


def test_a_decision_that_says_its_verb_is_not_listed_with_the_verb_twice(world):
    from secpanel.meetings.services import decision_record

    sec = world.users["owner_secretariat"]
    for verb, text in (
        ("set", "Set the Compliance Status of the User to Compliant."),
        ("agreed", "To write to the Panel about Half-Hourly Settlement."),
    ):
        decision_record(
            actor=sec,
            owning_body=world.owner,
            date=datetime.date(2020, 2, 12),
            verb=verb,
            text=text,
            classification=Classification.WHITE,
            reason="Test",
        )
    page = Client().get(reverse("meetings:decision_list")).content.decode()
    assert "Set</a> Set the Compliance" not in page
    assert ">Set the Compliance Status of the User to Compliant.</a>" in page
    assert "Agreed</a> To write to the Panel" in page  # the verb is needed there
