"""Administering is not reading: every classified model in the Django admin is listed through
`visible_to`, so an administrator sees only White and Green there too."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from secpanel.core.admin import ClassifiedAdmin
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.meetings.models import Highlight


def test_every_classified_model_in_the_admin_uses_the_restricted_admin():
    unrestricted = [
        m.__name__
        for m in apps.get_models()
        if issubclass(m, ClassifiedModel)
        and m in admin.site._registry
        and not isinstance(admin.site._registry[m], ClassifiedAdmin)
    ]
    assert unrestricted == []


@pytest.mark.django_db
def test_an_administrator_cannot_open_an_amber_record_in_the_admin(world):
    amber = Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.AMBER,
        heading="Amber admin",
        text="T",
        period=datetime.date(2019, 4, 1),
    )
    client = Client()
    client.force_login(world.users["administrator"])
    listing = client.get("/admin/meetings/highlight/")
    assert listing.status_code == 200 and "Amber admin" not in listing.content.decode()
    change = client.get(f"/admin/meetings/highlight/{amber.pk}/change/")
    assert change.status_code in (302, 404)
    assert "Amber admin" not in change.content.decode()
