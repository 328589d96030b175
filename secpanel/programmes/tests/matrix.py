"""Testing's models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.programmes.models import DeviceModelCombination, ExitCriterion, Programme, TestPhase
from secpanel.testkit import MatrixTarget


def shared_programme(world):
    p, _ = Programme.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        name="Matrix parent programme",
        defaults={"classification": Classification.WHITE},
    )
    return p


def shared_phase(world):
    ph, _ = TestPhase.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        programme=shared_programme(world),
        phase="dit",
        defaults={"classification": Classification.WHITE},
    )
    return ph


def make_programme(world, level, marker):
    return Programme.objects.create(owning_body=world.owner, classification=level, name=marker)


def make_phase(world, level, marker):
    return TestPhase.objects.create(
        owning_body=world.owner,
        classification=level,
        programme=shared_programme(world),
        phase="sit",
        region="north",
        risk_notes=marker,
        planned_start=datetime.date(2019, 4, 1),
    )


def make_criterion(world, level, marker):
    return ExitCriterion.objects.create(
        owning_body=world.owner, classification=level, phase=shared_phase(world), text=marker
    )


def make_dmc(world, level, marker):
    return DeviceModelCombination.objects.create(
        owning_body=world.owner,
        classification=level,
        programme=shared_programme(world),
        name=marker,
    )


TARGETS = [
    MatrixTarget(
        name="programme",
        model=Programme,
        make=make_programme,
        detail_url=lambda obj: reverse("programmes:programme_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("programmes:programme_list")],
    ),
    MatrixTarget(
        name="test_phase",
        model=TestPhase,
        make=make_phase,
        detail_url=lambda obj: reverse("programmes:phase_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("programmes:programme_detail", args=[shared_programme(world).pk])
        ],
    ),
    MatrixTarget(
        name="exit_criterion",
        model=ExitCriterion,
        make=make_criterion,
        detail_url=lambda obj: reverse("programmes:criterion_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("programmes:phase_detail", args=[shared_phase(world).pk])],
    ),
    MatrixTarget(
        name="device_model_combination",
        model=DeviceModelCombination,
        make=make_dmc,
        detail_url=lambda obj: reverse("programmes:dmc_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("programmes:dmc_list"),
            reverse("programmes:programme_detail", args=[shared_programme(world).pk]),
        ],
    ),
]
