"""SMKI recovery exercises and key custodians."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from secpanel.core.classification import Classification
from secpanel.smki import calendar, selectors, services
from secpanel.smki.models import ExerciseStatus, NotificationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


@pytest.fixture
def exercise(world, sec):
    return services.exercise_create(
        actor=sec,
        owning_body=world.owner,
        title="SMKI recovery exercise in the live environment",
        planned_date=datetime.date(2019, 6, 1),
    )


def test_custodian_names_are_red_by_default_and_hidden_from_the_community(world, sec, exercise):
    k = services.custodian_add(actor=sec, exercise=exercise, name="Alex Custodian")
    assert k.classification == Classification.RED
    assert list(selectors.custodians_of(world.users["owner_member"], exercise)) == [k]
    assert list(selectors.custodians_of(world.users["panel_member"], exercise)) == []
    c = Client()
    c.force_login(world.users["party"])
    page = c.get(exercise.get_absolute_url())
    assert page.status_code == 200 and "Alex Custodian" not in page.content.decode()
    assert c.get(k.get_absolute_url()).status_code == 404


def test_notifying_a_custodian_records_the_date_once(world, sec, exercise):
    k = services.custodian_add(actor=sec, exercise=exercise, name="Alex Custodian")
    assert list(selectors.custodians_to_notify(world.users["owner_member"])) == [k]
    services.custodian_transition(actor=sec, obj=k, name="notify", on=datetime.date(2019, 5, 1))
    k.refresh_from_db()
    assert k.notified and k.notified_on == datetime.date(2019, 5, 1)
    assert k.notification == NotificationStatus.NOTIFIED
    with pytest.raises(ValidationError):
        services.custodian_transition(actor=sec, obj=k, name="notify")
    assert list(selectors.custodians_to_notify(world.users["owner_member"])) == []


def test_an_exercise_is_held_only_with_an_outcome_and_then_no_one_is_notified(world, sec, exercise):
    k = services.custodian_add(actor=sec, exercise=exercise, name="Alex Custodian")
    services.exercise_transition(actor=sec, obj=exercise, name="schedule")
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.SCHEDULED and not exercise.date_is_estimate
    with pytest.raises(ValidationError) as exc:
        services.exercise_transition(actor=sec, obj=exercise, name="record_held")
    assert "outcome" in exc.value.message_dict
    exercise.outcome = "Root OCA replaced in the live environment."
    exercise.save()
    services.exercise_transition(actor=sec, obj=exercise, name="record_held")
    with pytest.raises(ValidationError) as exc:
        services.custodian_transition(actor=sec, obj=k, name="notify")
    assert "notification" in exc.value.message_dict


def test_an_expected_exercise_is_on_the_calendar_marked_expected(world, sec, exercise):
    events = list(
        calendar.events(world.users["party"], datetime.date(2019, 6, 1), datetime.date(2019, 6, 30))
    )
    assert [(e.kind, e.title) for e in events] == [
        ("exercise", "SMKI recovery exercise in the live environment (expected)")
    ]
    assert list(selectors.upcoming_exercises(world.users["party"], datetime.date(2019, 5, 2)))


def test_the_smki_page_lists_the_pmas_modifications_and_documents_to_their_readers(world):
    from secpanel.bodies.models import Body
    from secpanel.documents.models import ControlledDocument
    from secpanel.modifications.models import Modification

    pma = Body.objects.create(
        code="smki-pma", name="SMKI PMA", short_name="SMKI PMA", kind="sub_committee"
    )
    Modification.objects.create(
        owning_body=pma,
        classification=Classification.WHITE,
        reference="MP073",
        title="Alteration of SMKI Repository information and documentation",
    )
    Modification.objects.create(
        owning_body=pma, classification=Classification.AMBER, reference="DP075", title="Hidden"
    )
    ControlledDocument.objects.create(
        owning_body=pma, classification=Classification.WHITE, title="SMKI Recovery Procedure"
    )
    html = Client().get("/smki/").content.decode()
    assert "MP073" in html and "SMKI Recovery Procedure" in html
    assert "DP075" not in html
    assert 'data-classification="WHITE"' in html
