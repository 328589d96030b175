"""SMKI PMA's models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.smki.models import KeyCustodian, RecoveryExercise
from secpanel.testkit import MatrixTarget


def shared_exercise(world):
    e, _ = RecoveryExercise.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        title="Matrix parent exercise",
        defaults={"classification": Classification.WHITE},
    )
    return e


def make_exercise(world, level, marker):
    return RecoveryExercise.objects.create(
        owning_body=world.owner,
        classification=level,
        title=marker,
        planned_date=datetime.date(2019, 6, 15),
    )


def make_custodian(world, level, marker):
    return KeyCustodian.objects.create(
        owning_body=world.owner, classification=level, exercise=shared_exercise(world), name=marker
    )


TARGETS = [
    MatrixTarget(
        name="recovery_exercise",
        model=RecoveryExercise,
        make=make_exercise,
        detail_url=lambda obj: reverse("smki:exercise_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("smki:exercise_list")],
    ),
    MatrixTarget(
        name="key_custodian",
        model=KeyCustodian,
        make=make_custodian,
        detail_url=lambda obj: reverse("smki:custodian_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("smki:exercise_detail", args=[shared_exercise(world).pk])],
    ),
]
