"""Small builders for the assurance tests (through the services, as the secretariat)."""

from __future__ import annotations

import datetime

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.assurance import services
from secpanel.core.classification import Classification

_counter = {"n": 0}


def sec_user(
    world,
    *,
    category=PartyCategory.LARGE_SUPPLIER,
    roles=("import_supplier",),
    domestic=0,
    non_domestic=0,
    level=Classification.RED,
    name=None,
    distribution=(),
):
    _counter["n"] += 1
    org = Organisation.objects.create(
        name=name or f"Party {_counter['n']} Ltd", party_category=category
    )
    return services.sec_user_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        organisation=org,
        roles=list(roles),
        domestic_premises=domestic,
        non_domestic_premises=non_domestic,
        classification=level,
        distribution=distribution,
    )


def reported(
    world,
    user,
    *,
    assessment_type="verification",
    kind="annual",
    cycle_year=2,
    start=datetime.date(2019, 2, 4),
    level=None,
):
    """An assessment whose report has been issued (ready for the SSC's outcome)."""
    actor = world.users["owner_secretariat"]
    a = services.assessment_create(
        actor=actor,
        sec_user=user,
        assessment_type=assessment_type,
        kind=kind,
        cycle_year=cycle_year,
        fieldwork_end=start + datetime.timedelta(days=4),
        classification=level,
    )
    a = services.assessment_transition(actor=actor, obj=a, name="start_fieldwork", on=start)
    return services.assessment_transition(
        actor=actor, obj=a, name="issue_report", on=start + datetime.timedelta(days=30)
    )
