"""The benchmark's floor switch (`settings.bench_floor`): it lifts the visibility filter, and a
deployment check refuses it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from secpanel.core.checks import classification_is_on
from secpanel.core.classification import Classification
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db


def _red(world) -> Highlight:
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.RED,
        heading="Red",
        text="t",
        period="2019-04-01",
    )


def test_the_floor_shows_everything_and_only_when_switched_on(world, settings):
    red = _red(world)
    assert not Highlight.objects.visible_to(None).filter(pk=red.pk).exists()
    settings.SECPANEL_CLASSIFICATION_OFF = True
    assert Highlight.objects.visible_to(None).filter(pk=red.pk).exists()


def test_a_deployment_with_the_floor_switched_on_is_refused(settings):
    assert classification_is_on() == []
    settings.SECPANEL_CLASSIFICATION_OFF = True
    assert [m.id for m in classification_is_on()] == ["secpanel.E001"]
    with pytest.raises(SystemCheckError, match="SECPANEL_CLASSIFICATION_OFF"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
