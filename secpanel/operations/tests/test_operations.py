"""Major incident reviews, DCC performance report reviews and forecasting returns."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.core.classification import Classification
from secpanel.operations import calendar, selectors, services
from secpanel.operations.models import ReturnStatus, ReviewStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


@pytest.fixture
def party_org(db):
    return Organisation.objects.create(
        name="Northwind Energy", party_category=PartyCategory.LARGE_SUPPLIER
    )


def test_a_major_incident_review_runs_from_report_to_close(world, sec):
    inc = services.incident_create(
        actor=sec,
        owning_body=world.owner,
        reference="INC000123",
        title="Service Request delays",
        occurred_on=datetime.date(2019, 3, 14),
    )
    assert inc.classification == Classification.AMBER
    assert list(selectors.incident_list(world.users["party"])) == []
    with pytest.raises(ValidationError):
        services.incident_transition(actor=sec, obj=inc, name="close")
    for name in ("request_pir", "receive_pir", "review", "close"):
        services.incident_transition(actor=sec, obj=inc, name=name)
    inc.refresh_from_db()
    assert inc.review_status == ReviewStatus.CLOSED


def test_an_incident_cannot_be_resolved_before_it_occurred(world, sec):
    with pytest.raises(ValidationError) as exc:
        services.incident_create(
            actor=sec,
            owning_body=world.owner,
            reference="INC1",
            title="t",
            occurred_on=datetime.date(2019, 4, 2),
            resolved_on=datetime.date(2019, 4, 1),
        )
    assert "resolved_on" in exc.value.message_dict


def test_one_performance_review_per_month(world, sec):
    r = services.performance_review_create(
        actor=sec, owning_body=world.owner, period=datetime.date(2019, 3, 17)
    )
    assert r.period == datetime.date(2019, 3, 1)
    assert str(r) == "DCC performance report, March 2019"
    with pytest.raises(ValidationError):
        services.performance_review_create(
            actor=sec, owning_body=world.owner, period=datetime.date(2019, 3, 1)
        )
    services.performance_review_transition(actor=sec, obj=r, name="complete_review")
    found = selectors.performance_reviews_in_period(
        world.users["party"], datetime.date(2019, 3, 1), datetime.date(2019, 3, 31)
    )
    assert list(found) == [r]


def test_a_forecasting_return_is_late_then_received_and_leaves_the_deadlines(world, sec, party_org):
    due = TODAY + datetime.timedelta(days=3)
    ret = services.forecast_create(
        actor=sec,
        owning_body=world.owner,
        party=party_org,
        period=datetime.date(2019, 7, 1),
        due_on=due,
        classification=Classification.GREEN,
    )
    assert list(selectors.upcoming_deadlines(world.users["party"], TODAY)) == [ret]
    assert [e.kind for e in calendar.events(world.users["party"], TODAY, due)] == ["deadline"]
    assert list(calendar.events(None, TODAY, due)) == []  # the public sees no GREEN deadline
    services.forecast_transition(actor=sec, obj=ret, name="mark_late")
    services.forecast_transition(actor=sec, obj=ret, name="receive", on=due)
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RECEIVED and ret.received_on == due
    assert list(selectors.upcoming_deadlines(world.users["party"], TODAY)) == []
    with pytest.raises(ValidationError):
        services.forecast_transition(actor=sec, obj=ret, name="mark_late")
