"""What the SMKI PMA registers give the Panel paper (`smki/report.py`): the recovery exercises
held in the month, with a summary of their outcome, under the SMKI PMA's highlights; a hidden
exercise left out (and noted), exercises of other months or not held not reported."""

from __future__ import annotations

import datetime

import pytest

from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.services import classified_update
from secpanel.meetings.models import Highlight
from secpanel.reports.models import (
    Edition,
)
from secpanel.reports.render.text import render_text
from secpanel.reports.selectors import version_document
from secpanel.reports.services import report_create
from secpanel.smki import services
from secpanel.testkit.paper import body_in_paper, section_text

pytestmark = pytest.mark.django_db
W, A = Classification.WHITE, Classification.AMBER


@pytest.fixture
def pma(world, march_2020):
    """The body, with its highlights in the February 2020 paper."""
    return body_in_paper(
        world,
        code="pma",
        name="SMKI Policy Management Authority",
        short_name="SMKI PMA",
        section="SMKI",
        display_order=30,
    )


@pytest.fixture
def sec(world, pma):
    return world.users["owner_secretariat"]


def _exercise(sec, pma, title, day, outcome="", level=W, held=True):
    exercise = services.exercise_create(
        actor=sec, owning_body=pma, title=title, planned_date=day, classification=level
    )
    services.exercise_transition(actor=sec, obj=exercise, name="schedule")
    if held:
        classified_update(actor=sec, instance=exercise, changes={"outcome": outcome})
        services.exercise_transition(actor=sec, obj=exercise, name="record_held")
    return exercise


def test_exercises_held_in_the_month_are_reported_under_the_smki_pma(world, march_2020, sec, pma):
    _exercise(
        sec,
        pma,
        "SMKI recovery exercise in the live environment",
        datetime.date(2020, 2, 5),
        outcome="The Root OCA was replaced\nwithin the agreed time.\n\nCustodian details follow.",
    )
    hidden = _exercise(
        sec, pma, "Contingency Key exercise", datetime.date(2020, 2, 20), "Went well.", level=A
    )
    _exercise(sec, pma, "January test environment exercise", datetime.date(2020, 1, 20), "Done.")
    _exercise(sec, pma, "Exercise still to come", datetime.date(2020, 2, 27), held=False)

    report = report_create(actor=sec, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    assert section_text(doc, "SMKI PMA Highlights") == (
        "SMKI recovery exercise\n"
        "The SMKI recovery exercise in the live environment was held on 5 February 2020.\n"
        "The Root OCA was replaced within the agreed time."
    )
    text = render_text(doc)
    assert text.count("was held") == 1  # under the SMKI PMA only
    for absent in ("Custodian details", "Contingency Key", "January test", "still to come"):
        assert absent not in text, absent
    omitted = {(o["model"], o["pk"]) for o in report.latest_version().omitted}
    assert ("smki.recoveryexercise", hidden.pk) in omitted


def test_under_a_highlight_citing_it_the_exercise_is_given_briefly(world, march_2020, sec, pma):
    exercise = _exercise(
        sec,
        pma,
        "SMKI recovery exercise in the live environment",
        datetime.date(2020, 2, 5),
        outcome="The Root OCA was replaced.",
    )
    highlight = Highlight.objects.create(
        owning_body=pma,
        classification=W,
        heading="SMKI Recovery in the Live Environment",
        text="The DCC exercised the SMKI Recovery Procedure in the live environment.",
        period=datetime.date(2020, 2, 1),
    )
    cite(actor=sec, source=highlight, target=exercise)

    report = report_create(actor=sec, meeting=march_2020)
    doc = version_document(report.latest_version(), Edition.PUBLIC)
    assert section_text(doc, "SMKI PMA Highlights") == (
        "SMKI Recovery in the Live Environment\n"
        "The DCC exercised the SMKI Recovery Procedure in the live environment.\n"
        "The exercise was held on 5 February 2020.\n"
        "The Root OCA was replaced."
    )
