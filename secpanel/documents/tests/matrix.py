"""Documents' models and pages in the visibility matrix."""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.testkit import MatrixTarget


def shared_document(world):
    doc, _ = ControlledDocument.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        title="Matrix parent document",
        defaults={"classification": Classification.WHITE},
    )
    return doc


def shared_consultation(world):
    c, _ = Consultation.objects.unrestricted().get_or_create(
        owning_body=world.owner,
        title="Matrix parent consultation",
        defaults={
            "classification": Classification.WHITE,
            "closes_on": datetime.date.today() + datetime.timedelta(days=10),
            "status": "open",
        },
    )
    return c


def make_document(world, level, marker):
    return ControlledDocument.objects.create(
        owning_body=world.owner, classification=level, title=marker
    )


def make_version(world, level, marker):
    n = DocumentVersion.objects.unrestricted().count() + 1
    return DocumentVersion.objects.create(
        owning_body=world.owner,
        classification=level,
        document=shared_document(world),
        version=f"1.{n}",
        summary=marker,
        issued_on=datetime.date(2019, 4, n),
    )


def make_consultation(world, level, marker):
    return Consultation.objects.create(
        owning_body=world.owner,
        classification=level,
        title=marker,
        status="open",
        closes_on=datetime.date.today() + datetime.timedelta(days=5),
        # a published summary of responses (decisions/0018) is shown with it, at its level
        response_summary=f"Summary {marker}",
        summary_published_on=datetime.date.today(),
    )


def make_response(world, level, marker):
    return ConsultationResponse.objects.create(
        owning_body=world.owner,
        classification=level,
        consultation=shared_consultation(world),
        respondent_name="Respondent",
        summary=marker,
        received_on=datetime.date.today(),
    )


TARGETS = [
    MatrixTarget(
        name="controlled_document",
        model=ControlledDocument,
        make=make_document,
        detail_url=lambda obj: reverse("documents:document_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("documents:document_list")],
    ),
    MatrixTarget(
        name="document_version",
        model=DocumentVersion,
        make=make_version,
        detail_url=lambda obj: reverse("documents:version_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("documents:document_detail", args=[shared_document(world).pk])
        ],
    ),
    MatrixTarget(
        name="consultation",
        model=Consultation,
        make=make_consultation,
        detail_url=lambda obj: reverse("documents:consultation_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("documents:consultation_list")],
    ),
    MatrixTarget(
        name="consultation_response",
        model=ConsultationResponse,
        make=make_response,
        detail_url=lambda obj: reverse("documents:response_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("documents:consultation_detail", args=[shared_consultation(world).pk])
        ],
    ),
]
