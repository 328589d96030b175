"""Existence oracles: a page never names a linked record its reader may not read (issue 10,
hole 8). A forward foreign key (`decision.agenda_item`) reads through Django's base manager,
whoever asks, so a page shows a linked record only when the view found it with
`visible_to(user)`."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.meetings.models import AgendaItem, Decision
from secpanel.meetings.tests.matrix import meeting_of

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Hush hush firmware rollback"


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def decision_on_hidden_item(world):
    meeting = meeting_of(world)
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=17,
        title=HIDDEN_TITLE,
        owning_body=world.owner,
        classification=Classification.AMBER,
    )
    return Decision.objects.create(
        owning_body=world.owner,
        classification=Classification.WHITE,
        meeting=meeting,
        agenda_item=item,
        date=datetime.date(2019, 4, 10),
        verb="noted",
        text="The SSC noted the update.",
    )


def test_a_public_decision_page_does_not_show_a_hidden_agenda_items_number_or_title(
    decision_on_hidden_item,
):
    url = reverse("meetings:decision_detail", args=[decision_on_hidden_item.pk])
    response = _client().get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The SSC noted the update." in html  # the decision itself is public
    assert "agenda item" not in html
    assert HIDDEN_TITLE not in html
    assert response.context["agenda_item"] is None


def test_a_reader_of_the_agenda_item_sees_its_number_and_the_page_is_as_high_as_it(
    world, decision_on_hidden_item
):
    url = reverse("meetings:decision_detail", args=[decision_on_hidden_item.pk])
    response = _client(world.users["owner_member"]).get(url)
    assert "agenda item 17" in response.content.decode()
    assert response.context["page_classification"] == Classification.AMBER
