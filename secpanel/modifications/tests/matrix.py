"""Modifications' model and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.modifications.models import AdviceKind, Modification, ModificationAdvice, Release
from secpanel.testkit import MatrixTarget


def make_modification(world, level, marker):
    release, _ = Release.objects.get_or_create(
        slug="matrix-release",
        defaults={"name": "Matrix SEC Release", "planned_date": datetime.date(2019, 11, 7)},
    )
    return Modification.objects.create(
        owning_body=world.owner,
        classification=level,
        reference=f"SECMP{9000 + int(level):04d}",
        title=marker,
        slug=f"mod-{int(level)}",
        date_raised=datetime.date(2019, 4, int(level)),
        target_release=release,
    )


TARGETS = [
    MatrixTarget(
        name="modification",
        model=Modification,
        make=make_modification,
        detail_url=lambda obj: reverse("modifications:modification_detail", args=[obj.reference]),
        list_urls=lambda world: [
            reverse("modifications:modification_list"),
            reverse("modifications:modification_list") + "?stage=draft_proposal&sort=stage",
            reverse("modifications:release_detail", args=["matrix-release"]),
        ],
    ),
]


def make_advice(world, level, marker):
    public, _ = Modification.objects.unrestricted().get_or_create(
        reference="SECMP8000",
        defaults={
            "owning_body": world.panel,
            "classification": Classification.WHITE,
            "title": "Matrix public modification",
            "slug": "matrix-public",
        },
    )
    return ModificationAdvice.objects.create(
        owning_body=world.owner,
        classification=level,
        modification=public,
        kind=AdviceKind.OTHER,
        date=datetime.date(2019, 4, 1 + int(level)),
        text=marker,
    )


TARGETS.append(
    MatrixTarget(
        name="modification advice",
        model=ModificationAdvice,
        make=make_advice,
        # advice has no page of its own: the modification's page lists it, in its timeline
        detail_url=None,
        list_urls=lambda world: [reverse("modifications:modification_detail", args=["SECMP8000"])],
    )
)
