"""Existence oracles on the assurance pages (issue 10, hole 8): a page shows a record's User,
assessment or decision only to those who may read that record too. Here every record is Red;
the reader (`red_recipient`) is named on the distribution of the finding, outcome and letter
but not of the User, the assessment or the decision they point at, so those are hidden from
her and must look exactly like none."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.assurance.models import (
    AssessmentOutcome,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.core.classification import Classification
from secpanel.meetings.models import Decision, Meeting

pytestmark = pytest.mark.django_db

RED = Classification.RED
PARTY = "Quietly Assessed Energy Ltd"
LABEL = "FUSA, initial, phase 2"
DECISION_TEXT = "The SSC set the status behind closed doors"
MEETING_NUMBER = 173


@pytest.fixture
def records(world):
    """A hidden User, assessment and decision; a finding, an outcome and a letter about them
    that `red_recipient` may read."""
    reader = world.users["red_recipient"]
    org = Organisation.objects.create(name=PARTY, party_category=PartyCategory.LARGE_SUPPLIER)
    ssc = world.owner
    user = SecUser.objects.create(
        owning_body=ssc, classification=RED, organisation=org, roles=["import_supplier"]
    )
    assessment = UserSecurityAssessment.objects.create(
        owning_body=ssc,
        classification=RED,
        sec_user=user,
        assessment_type="full",
        kind="initial",
        phase=2,
    )
    meeting = Meeting.objects.create(
        body=ssc,
        number=MEETING_NUMBER,
        status="held",
        starts_at=datetime.datetime(2019, 4, 16, 10, tzinfo=datetime.UTC),
    )
    decision = Decision.objects.create(
        owning_body=ssc,
        classification=RED,
        meeting=meeting,
        date=datetime.date(2019, 4, 16),
        verb="set",
        text=DECISION_TEXT,
    )
    finding = Finding.objects.create(
        owning_body=ssc,
        classification=RED,
        assessment=assessment,
        obligation="G5.14",
        description="Visible finding text.",
    )
    outcome = AssessmentOutcome.objects.create(
        owning_body=ssc,
        classification=RED,
        assessment=assessment,
        decision=decision,
        decided_on=datetime.date(2019, 4, 16),
        kind="assurance",
        assurance_status="approved",
        notify_panel=True,
    )
    letter = DirectorsLetter.objects.create(
        owning_body=ssc,
        classification=RED,
        sec_user=user,
        assessment=assessment,
        decision=decision,
        received_on=datetime.date(2019, 3, 1),
        reviewed_on=datetime.date(2019, 4, 16),
        status="approved",
        summary="Visible letter summary.",
    )
    for record in (finding, outcome, letter):
        record.red_distribution.add(reader)
    # a second reader may read the assessment (and so the outcome on it) but not the User
    assessment.red_distribution.add(world.users["panel_member"])
    outcome.red_distribution.add(world.users["panel_member"])
    return {
        "user": user,
        "assessment": assessment,
        "decision": decision,
        "finding": finding,
        "outcome": outcome,
        "letter": letter,
    }


def _get(user, url):
    c = Client()
    c.force_login(user)
    response = c.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_hidden_parents_unnamed(html, records):
    assert PARTY not in html
    assert LABEL not in html
    assert DECISION_TEXT not in html
    assert f"meeting {MEETING_NUMBER}" not in html.lower()
    for name in ("user", "assessment", "decision"):
        assert records[name].get_absolute_url() not in html, name


@pytest.mark.parametrize(
    ("name", "visible_text"),
    [
        ("finding", "Visible finding text."),
        ("outcome", "Approved"),
        ("letter", "Visible letter summary."),
    ],
)
def test_a_record_page_does_not_name_the_hidden_records_it_points_at(
    world, records, name, visible_text
):
    html = _get(world.users["red_recipient"], records[name].get_absolute_url())
    assert visible_text in html
    _assert_hidden_parents_unnamed(html, records)


@pytest.mark.parametrize("url_name", ["finding_list", "outcome_list", "letter_list", "overview"])
def test_a_list_page_does_not_name_the_hidden_records_its_rows_point_at(world, records, url_name):
    url = reverse(f"assurance:{url_name}")
    if url_name == "overview":
        url += "?month=2019-04"
    html = _get(world.users["red_recipient"], url)
    assert "G5.14" in html or "Approved" in html or "1 Mar 2019" in html
    _assert_hidden_parents_unnamed(html, records)


def test_an_assessment_page_does_not_name_its_hidden_user(world, records):
    reader = world.users["panel_member"]  # reads the assessment and its outcome only
    html = _get(reader, records["assessment"].get_absolute_url())
    assert LABEL in html
    assert PARTY not in html
    assert records["user"].get_absolute_url() not in html
    assert f"meeting {MEETING_NUMBER}" not in html.lower()  # the decision is hidden too
    html = _get(reader, reverse("assurance:assessment_list"))
    assert LABEL in html and PARTY not in html


def test_a_reader_of_every_record_still_sees_them_named(world, records):
    secretariat = world.users["owner_secretariat"]
    html = _get(secretariat, records["finding"].get_absolute_url())
    assert PARTY in html and LABEL in html
    html = _get(secretariat, records["outcome"].get_absolute_url())
    assert PARTY in html and DECISION_TEXT in html
    html = _get(secretariat, records["letter"].get_absolute_url())
    assert PARTY in html and LABEL in html


def test_the_calendar_does_not_name_an_assessments_hidden_user(world, records):
    a = records["assessment"]
    UserSecurityAssessment.objects.unrestricted().filter(pk=a.pk).update(
        status="booked", fieldwork_start=datetime.date(2019, 5, 13)
    )
    url = reverse("meetings:calendar") + "?month=2019-05"
    html = _get(world.users["panel_member"], url)  # reads the assessment, not its User
    assert f"Fieldwork starts: {LABEL}" in html
    assert PARTY not in html
    html = _get(world.users["owner_secretariat"], url)
    assert f"Fieldwork starts: {PARTY}, {LABEL}" in html


def test_a_record_citing_the_assessment_names_it_without_its_hidden_user(world, records):
    from secpanel.core.citations import cite

    decision = Decision.objects.create(
        owning_body=world.owner,
        classification=Classification.AMBER,
        date=datetime.date(2019, 4, 16),
        verb="noted",
        text="Noted the booking.",
    )
    cite(actor=None, source=decision, target=records["assessment"])
    html = _get(world.users["panel_member"], decision.get_absolute_url())
    assert LABEL in html  # she reads the assessment...
    assert PARTY not in html  # ...but not its User
    html = _get(world.users["owner_secretariat"], decision.get_absolute_url())
    assert f"{PARTY}: {LABEL}" in html


@pytest.mark.parametrize("role", ["party", "other_body_secretariat", "auditor"])
def test_adding_a_finding_to_a_hidden_assessment_answers_as_for_a_missing_one(world, records, role):
    """The form's permission check (a 403) comes after the assessment in the address is found
    (a 404 for hidden and missing alike)."""
    c = Client()
    c.force_login(world.users[role])
    hidden = reverse("assurance:finding_create", args=[records["assessment"].pk])
    missing = reverse("assurance:finding_create", args=[999_999])
    data = {"obligation": "G5.14", "description": "x", "classification": int(RED)}
    for url in (hidden, missing):
        assert c.get(url).status_code == 404
        assert c.post(url, data).status_code == 404
