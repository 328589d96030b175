"""A DCC cost cannot be negative: a field error on the form, a validation error from the
service, and nothing saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.modifications.models import Modification, ModificationPath

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["pa_cost", "ia_cost"])
def test_a_negative_dcc_cost_is_a_field_error_and_nothing_is_saved(world, field):
    c = Client()
    c.force_login(world.users["owner_secretariat"])
    events = AuditEvent.objects.count()
    response = c.post(
        reverse("modifications:modification_create"),
        {
            "owning_body": world.owner.pk,
            "reference": "MP077",
            "title": "DCC Service Flagging",
            "path": ModificationPath.PATH_3,
            "classification": Classification.WHITE,
            field: "-1500.00",
            "reason": "Raised by a Party",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in html and "greater than or equal to 0" in html
    assert Modification.objects.unrestricted().count() == 0
    assert AuditEvent.objects.count() == events


def test_the_service_refuses_a_negative_cost_too(make_mod):
    with pytest.raises(ValidationError) as exc:
        make_mod(ia_cost=-1)
    assert "ia_cost" in exc.value.message_dict
    assert Modification.objects.unrestricted().count() == 0


def test_a_zero_cost_is_accepted(make_mod):
    assert make_mod(pa_cost=0).pa_cost == 0
