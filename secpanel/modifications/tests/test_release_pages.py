"""The release form (`web.views.ServiceFormView`): the Panel's secretariat creates and edits
releases; another body's secretariat sees the form and is refused by the service; anyone else
is refused before the form is read."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.bodies.models import Membership
from secpanel.core.policy import forget_access_profile
from secpanel.modifications.models import Release
from secpanel.modifications.services import release_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_secretariat(world):
    """The SSC's secretariat (who signs in with two factors) runs the Panel's business too."""
    user = world.users["owner_secretariat"]
    Membership.objects.create(user=user, body=world.panel, role="secretariat")
    forget_access_profile(user)
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_panels_secretariat_creates_a_release_and_is_sent_to_it(panel_secretariat):
    response = _client(panel_secretariat).post(
        reverse("modifications:release_create"),
        {"name": "June 2020 SEC Release", "planned_date": "2020-06-25", "reason": "Planned"},
    )
    release = Release.objects.get(name="June 2020 SEC Release")
    assert response.status_code == 302 and response["Location"] == release.get_absolute_url()
    assert release.slug == "june-2020-sec-release"


def test_an_edit_moves_the_date_with_a_reason_and_keeps_the_page_title(panel_secretariat):
    release = release_create(
        actor=panel_secretariat,
        name="November 2019 SEC Release",
        planned_date=datetime.date(2019, 11, 7),
    )
    client = _client(panel_secretariat)
    url = reverse("modifications:release_edit", args=[release.slug])
    assert "Edit November 2019 SEC Release" in client.get(url).content.decode()
    data = {"name": release.name, "slug": release.slug, "planned_date": "2019-11-28"}
    refused = client.post(url, data)  # a date moved without a reason: on the reason field
    assert refused.status_code == 200
    assert 'aria-describedby="id_reason-error"' in refused.content.decode()
    release.refresh_from_db()
    assert release.planned_date == datetime.date(2019, 11, 7)
    moved = client.post(url, {**data, "reason": "DCC asked"}, headers={"HX-Request": "true"})
    assert moved.status_code == 200 and moved["HX-Redirect"] == release.get_absolute_url()
    release.refresh_from_db()
    assert release.planned_date == datetime.date(2019, 11, 28)


def test_someone_who_runs_no_body_is_refused_the_form(world):
    response = _client(world.users["owner_member"]).get(reverse("modifications:release_create"))
    assert response.status_code == 403


def test_another_bodys_secretariat_is_refused_by_the_service(world):
    response = _client(world.users["other_body_secretariat"]).post(
        reverse("modifications:release_create"), {"name": "Rogue release"}
    )
    assert response.status_code == 200
    assert "Only the Panel&#x27;s secretariat can change releases." in response.content.decode()
    assert not Release.objects.filter(name="Rogue release").exists()
