"""Existence oracles on the registers' pages (issue 10, hole 8): a consultation names the
document its version belongs to only to readers of that document. `{{ version }}` would not
do: a version's name is its document's (`DocumentVersion.__str__`), read through a forward
foreign key whoever asks."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from secpanel.core.classification import Classification
from secpanel.documents.models import Consultation, ControlledDocument, DocumentVersion

pytestmark = pytest.mark.django_db

HIDDEN = "Hushdoc"


@pytest.fixture
def consultation(world):
    doc = ControlledDocument.objects.create(
        owning_body=world.owner,
        classification=Classification.AMBER,
        title="Hidden controlled document",
        short_name=HIDDEN,
    )
    version = DocumentVersion.objects.create(
        owning_body=world.owner,
        classification=Classification.WHITE,
        document=doc,
        version="3.2",
    )
    return Consultation.objects.create(
        owning_body=world.owner,
        classification=Classification.WHITE,
        title="Public review of a change",
        document_version=version,
        closes_on=datetime.date(2019, 5, 1),
        status="open",
    )


def test_a_public_consultation_does_not_name_a_hidden_document(consultation):
    response = Client().get(consultation.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Public review of a change" in html and "V3.2" in html
    assert HIDDEN not in html and "Hidden controlled document" not in html


def test_a_reader_of_the_document_sees_it_named(world, consultation):
    c = Client()
    c.force_login(world.users["owner_member"])
    response = c.get(consultation.get_absolute_url())
    assert f"{HIDDEN} V3.2" in response.content.decode()
    assert response.context["page_classification"] == Classification.AMBER


def test_a_decision_citing_the_version_names_it_without_its_hidden_document(world, consultation):
    from secpanel.core.citations import cite
    from secpanel.meetings.models import Decision

    decision = Decision.objects.create(
        owning_body=world.owner,
        classification=Classification.WHITE,
        date=datetime.date(2019, 4, 10),
        verb="approved",
        text="Approved the new version.",
    )
    cite(actor=None, source=decision, target=consultation.document_version)
    cite(actor=None, source=consultation.document_version, target=decision)
    html = Client().get(decision.get_absolute_url()).content.decode()
    assert "V3.2" in html
    assert HIDDEN not in html
    reader = Client()
    reader.force_login(world.users["owner_member"])
    assert f"{HIDDEN} V3.2" in reader.get(decision.get_absolute_url()).content.decode()
