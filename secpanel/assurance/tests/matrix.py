"""The assurance register's models and pages in the visibility matrix.

Each record's parent (the User, the assessment) is made at the same level, and a Red one with
the same named reader the matrix adds to the record, so whoever reads the record also reads
the Party's name it shows (a page names a parent only to its readers: core.parents).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.assurance.defaults import ensure_defaults
from secpanel.assurance.models import (
    AssessmentOutcome,
    ComplianceStatusOption,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.core.classification import Classification
from secpanel.meetings.models import Decision
from secpanel.testkit import MatrixTarget

APRIL = datetime.date(2019, 4, 10)


def _readable_as_the_record(world, parent):
    """The matrix names `red_recipient` on each Red record it makes; name her on its Red
    parents too, so the record's page may show them to her."""
    if parent.classification == Classification.RED:
        parent.red_distribution.add(world.users["red_recipient"])
    return parent


def make_user(world, level, marker):
    ensure_defaults()
    org = Organisation.objects.create(name=marker, party_category=PartyCategory.LARGE_SUPPLIER)
    sec_user = SecUser.objects.create(
        owning_body=world.owner,
        classification=level,
        organisation=org,
        roles=["import_supplier"],
        domestic_premises=300_000,
    )
    return _readable_as_the_record(world, sec_user)


def _assessment(world, level, party, **extra):
    sec_user = make_user(world, level, party)
    fields = {
        "assessment_type": "verification",
        "kind": "annual",
        "cycle_year": 2,
        "fieldwork_start": datetime.date(2019, 2, 4),
        "fieldwork_end": datetime.date(2019, 2, 8),
        "status": "reported",
    }
    fields.update(extra)
    assessment = UserSecurityAssessment.objects.create(
        owning_body=world.owner, classification=level, sec_user=sec_user, **fields
    )
    return _readable_as_the_record(world, assessment)


def make_assessment(world, level, marker):
    return _assessment(world, level, marker)


def make_outcome(world, level, marker):
    ensure_defaults()  # a transactional test before this one may have flushed the seed rows
    assessment = _assessment(world, level, marker, status="reviewed")
    decision = Decision.objects.create(
        owning_body=world.owner, classification=level, date=APRIL, verb="set", text=marker
    )
    return AssessmentOutcome.objects.create(
        owning_body=world.owner,
        classification=level,
        assessment=assessment,
        decision=decision,
        decided_on=APRIL,
        kind="compliance",
        compliance_status=ComplianceStatusOption.objects.get(code="compliant"),
        notes=marker,
    )


def make_finding(world, level, marker):
    assessment = _assessment(world, level, marker)
    return Finding.objects.create(
        owning_body=world.owner,
        classification=level,
        assessment=assessment,
        obligation="G5.14",
        description=marker,
    )


def make_letter(world, level, marker):
    sec_user = make_user(world, level, marker)
    decision = Decision.objects.create(
        owning_body=world.owner, classification=level, date=APRIL, verb="approved", text="ok"
    )
    return DirectorsLetter.objects.create(
        owning_body=world.owner,
        classification=level,
        sec_user=sec_user,
        received_on=datetime.date(2019, 3, 20),
        status="approved",
        decision=decision,
        reviewed_on=APRIL,
        summary=marker,
    )


def _overview(world):
    return [reverse("assurance:overview") + "?month=2019-04"]


TARGETS = [
    MatrixTarget(
        name="assurance_user",
        model=SecUser,
        make=make_user,
        detail_url=lambda obj: reverse("assurance:user_detail", args=[obj.pk]),
        list_urls=lambda world: [
            reverse("assurance:user_list"),
            reverse("assurance:schedule") + "?on=2019-05-01",
        ],
    ),
    MatrixTarget(
        name="assurance_assessment",
        model=UserSecurityAssessment,
        make=make_assessment,
        detail_url=lambda obj: reverse("assurance:assessment_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("assurance:assessment_list")],
    ),
    MatrixTarget(
        name="assurance_outcome",
        model=AssessmentOutcome,
        make=make_outcome,
        detail_url=lambda obj: reverse("assurance:outcome_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("assurance:outcome_list"), *_overview(world)],
    ),
    MatrixTarget(
        name="assurance_finding",
        model=Finding,
        make=make_finding,
        detail_url=lambda obj: reverse("assurance:finding_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("assurance:finding_list")],
    ),
    MatrixTarget(
        name="assurance_letter",
        model=DirectorsLetter,
        make=make_letter,
        detail_url=lambda obj: reverse("assurance:letter_detail", args=[obj.pk]),
        list_urls=lambda world: [reverse("assurance:letter_list"), *_overview(world)],
    ),
]
