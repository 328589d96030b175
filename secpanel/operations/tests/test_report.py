"""What the Operations Group registers give the Panel paper (`operations/report.py`): the Major
Incident reviews completed in the month (dated by the "Reviewed" move), under the Ops Group's
highlights; a hidden incident left out (and noted), reviews of other months not reported."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.operations import services
from secpanel.reports.models import (
    Edition,
)
from secpanel.reports.render.text import render_text
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create
from secpanel.testkit.paper import body_in_paper, section_text

pytestmark = pytest.mark.django_db
W, A = Classification.WHITE, Classification.AMBER


@pytest.fixture
def ops(world, march_2020):
    """The body, with its highlights in the February 2020 paper."""
    return body_in_paper(
        world,
        code="ops",
        name="Operations Group",
        short_name="Ops Group",
        section="Operations Group",
        heading="{body} Meeting Highlights",
        display_order=10,
    )


@pytest.fixture
def sec(world, ops):
    return world.users["owner_secretariat"]


def _incident(sec, ops, reference, title, reviewed_on=None, level=W, moves=("review",)):
    incident = services.incident_create(
        actor=sec,
        owning_body=ops,
        reference=reference,
        title=title,
        occurred_on=datetime.date(2020, 1, 10),
        classification=level,
    )
    for name in moves:
        on = reviewed_on if name == "review" else None
        services.incident_transition(actor=sec, obj=incident, name=name, on=on)
    return incident


def test_major_incident_reviews_of_the_month_are_reported_under_the_ops_group(
    world, march_2020, sec, ops
):
    feb = datetime.date(2020, 2, 10)
    _incident(sec, ops, "DCC-MI-2020-003", "Delayed Service Responses from the DSP", feb)
    _incident(
        sec,
        ops,
        "DCC-MI-2020-001",
        "Communications Hub connectivity loss",
        datetime.date(2020, 2, 4),
        moves=("request_pir", "receive_pir", "review", "close"),
    )
    hidden = _incident(sec, ops, "DCC-MI-2020-005", "Confidential DSP outage", feb, level=A)
    _incident(sec, ops, "DCC-MI-2019-040", "Reviewed in January", datetime.date(2020, 1, 28))
    _incident(sec, ops, "DCC-MI-2020-007", "Reopened after review", feb, moves=("review", "reopen"))
    _incident(sec, ops, "DCC-MI-2020-009", "Still awaiting its PIR", moves=("request_pir",))

    report = report_create(actor=sec, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    assert section_text(doc, "Operations Group Meeting Highlights") == (
        "Major Incident reviews\n"
        "The Ops Group reviewed two Major Incidents:\n"
        "DCC-MI-2020-001: Communications Hub connectivity loss\n"
        "DCC-MI-2020-003: Delayed Service Responses from the DSP"
    )
    text = render_text(doc)
    assert text.count("Major Incident") == 2  # under the Ops Group only
    for absent in ("2020-005", "Confidential", "2019-040", "Reopened", "awaiting its PIR"):
        assert absent not in text, absent
    omitted = {(o["model"], o["pk"]) for o in report.latest_version().omitted}
    assert ("operations.majorincident", hidden.pk) in omitted


def test_the_review_is_dated_by_its_move_and_a_reopening_clears_the_date(world, sec, ops):
    incident = _incident(sec, ops, "INC1", "t", moves=())
    services.incident_transition(actor=sec, obj=incident, name="review")
    incident.refresh_from_db()
    assert incident.reviewed_on == timezone.localdate()
    services.incident_transition(actor=sec, obj=incident, name="close")
    incident.refresh_from_db()
    assert incident.reviewed_on == timezone.localdate()
    services.incident_transition(actor=sec, obj=incident, name="reopen")
    incident.refresh_from_db()
    assert incident.reviewed_on is None
    services.incident_transition(
        actor=sec, obj=incident, name="review", on=datetime.date(2020, 3, 2)
    )
    incident.refresh_from_db()
    assert incident.reviewed_on == datetime.date(2020, 3, 2)
