"""The audit log shows an event's reason (and what it holds) only to readers of its level.

An event records the level of what it holds (`AuditEvent.classification`). The auditor, who
reads White and Green, sees that a Red event happened (kind, actor, subject by type and id,
level) but not its reason; a reader of the subject at that level sees it in full.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secpanel.assurance import services as assurance
from secpanel.assurance.tests.factories import reported, sec_user
from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.services import classified_delete, classified_update, record_event
from secpanel.meetings.models import Decision, Highlight

pytestmark = pytest.mark.django_db

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(user, query: str = "") -> str:
    response = _client(user).get(reverse("core:audit_log") + query)
    assert response.status_code == 200
    return response.content.decode()


def _highlight(world, level, heading="H", body=None) -> Highlight:
    return Highlight.objects.create(
        owning_body=body or world.owner,
        classification=level,
        heading=heading,
        text="T",
        period=datetime.date(2019, 4, 1),
    )


@pytest.fixture
def ssc_secretariat_auditor(world):
    """The SSC's secretariat, also holding the auditor role (the log is for auditors)."""
    user = world.users["owner_secretariat"]
    user.is_auditor = True
    user.save(update_fields=["is_auditor"])
    return user


@pytest.fixture
def red_outcome_event(world):
    """A Red Non-compliant outcome, set through the service: the SSC must notify the Panel."""
    outcome = assurance.outcome_set(
        actor=world.users["owner_secretariat"],
        assessment=reported(world, sec_user(world)),
        decided_on=datetime.date(2019, 4, 24),
        compliance_status="non-compliant",
    )
    assert outcome.classification == R
    return AuditEvent.objects.get(kind="assurance.panel_notification_required")


def test_the_auditor_does_not_see_the_reason_of_a_red_outcomes_event(world, red_outcome_event):
    assert "must notify the Panel" in red_outcome_event.reason  # it is there to be withheld
    html = _page(world.users["auditor"])
    assert "assurance.panel_notification_required" in html  # the event itself is listed
    assert "must notify the Panel" not in html
    assert "Non-compliant" not in html
    assert "Withheld (Red)" in html


def test_the_auditor_does_not_see_the_free_text_reason_of_a_red_edit(world):
    red = _highlight(world, R)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=red,
        changes={"text": "New text"},
        reason="Harbour Power failed the G4 control test",
    )
    html = _page(world.users["auditor"])
    assert "meetings.highlight_updated" in html
    assert "Harbour Power failed" not in html
    assert "Withheld (Red)" in html


def test_the_ssc_secretariat_who_can_read_them_sees_both_reasons(
    world, red_outcome_event, ssc_secretariat_auditor
):
    red = _highlight(world, R)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=red,
        changes={"text": "New text"},
        reason="Harbour Power failed the G4 control test",
    )
    html = _page(ssc_secretariat_auditor)
    assert "Non-compliant: the SSC must notify the Panel." in html
    assert "Harbour Power failed the G4 control test" in html
    assert "Withheld" not in html
    # the page is marked as high as the Red reasons it shows in full
    assert 'data-classification="RED"' in html


def test_a_green_events_reason_is_shown_to_the_auditor(world):
    green = _highlight(world, G)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=green,
        changes={"text": "New text"},
        reason="Typo in the Green highlight",
    )
    html = _page(world.users["auditor"])
    assert "Typo in the Green highlight" in html
    assert "Withheld" not in html


def test_an_amber_reason_is_withheld_from_the_auditor_and_says_amber(world):
    amber = _highlight(world, A)
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=amber,
        changes={"text": "New text"},
        reason="Amber reason text",
    )
    html = _page(world.users["auditor"])
    assert "Amber reason text" not in html
    assert "Withheld (Amber)" in html


def test_lowering_a_red_record_keeps_its_events_red(world, ssc_secretariat_auditor):
    """The reason for declassifying, and the edit's before-snapshot, are about the Red record:
    the events stay Red after the record is White."""
    red = _highlight(world, R, heading="Red heading")
    classified_update(
        actor=world.users["owner_secretariat"],
        instance=red,
        changes={"classification": W},
        reason="Lowered because the G4 finding closed",
    )
    levels = dict(AuditEvent.objects.values_list("kind", "classification"))
    assert levels["meetings.highlight_updated"] == R
    assert levels["classification.declassified"] == R
    assert "G4 finding closed" not in _page(world.users["auditor"])
    assert "G4 finding closed" in _page(ssc_secretariat_auditor)


def test_a_citation_of_a_red_record_is_as_high_as_the_record_it_cites(world):
    white = _highlight(world, W)
    red = _highlight(world, R)
    cite(actor=world.users["owner_secretariat"], source=white, target=red)
    event = AuditEvent.objects.get(kind="core.citation_added")
    assert event.classification == R


def test_an_event_with_a_level_and_no_readable_subject_is_withheld(world, ssc_secretariat_auditor):
    record_event(
        kind="core.test_note",
        actor=world.users["owner_secretariat"],
        level=R,
        reason="Subjectless Red note",
    )
    red = _highlight(world, R)
    classified_delete(
        actor=world.users["owner_secretariat"], instance=red, reason="Deleted Red reason"
    )
    for user in (world.users["auditor"], ssc_secretariat_auditor):
        html = _page(user)
        assert "Subjectless Red note" not in html
        assert "Deleted Red reason" not in html
        assert html.count("Withheld (Red)") >= 2


def test_record_event_never_records_below_its_subject(world):
    red = _highlight(world, R)
    event = record_event(kind="core.test_note", actor=None, subject=red, level=G)
    assert event.classification == R


def test_searching_the_log_never_matches_a_withheld_reason(world, red_outcome_event):
    """Whatever the log's filters are, a word found only in withheld reasons finds what a
    word found nowhere finds."""
    c = _client(world.users["auditor"])
    for param in ("q", "reason", "search", "kind", "actor"):
        hidden = c.get(reverse("core:audit_log"), {param: "must notify"})
        nowhere = c.get(reverse("core:audit_log"), {param: "zzqqxx-nowhere"})
        # a kind or an actor the log does not know is an error on its field, alike
        expected = 400 if param in ("kind", "actor") else 200
        assert hidden.status_code == nowhere.status_code == expected
        found = [e.pk for e in hidden.context["events"]]
        assert found == [e.pk for e in nowhere.context["events"]]
        assert hidden.context["next"] == nowhere.context["next"]


def _events(world, n: int) -> None:
    """`n` events of each kind of subject: Red/Amber/Green highlights, Red decisions (only
    some readable by the viewer), and subjectless ones."""
    actor = world.users["owner_secretariat"]
    for i in range(n):
        for level in (R, A, G):
            h = _highlight(world, level, heading=f"{level.label} {i}")
            record_event(
                kind="test.highlight",
                actor=actor,
                subject=h,
                reason=f"reason-ssc-{level.name}-{i}-",
            )
        other = _highlight(world, R, body=world.other)
        record_event(kind="test.other", actor=actor, subject=other, reason=f"reason-tabasc-{i}-")
        decision = Decision.objects.create(
            owning_body=world.owner,
            classification=R,
            date=datetime.date(2019, 4, 24),
            verb="set",
            text="D",
        )
        record_event(
            kind="test.decision", actor=actor, subject=decision, reason=f"reason-decision-{i}-"
        )
        record_event(kind="test.none", actor=actor, reason=f"reason-none-{i}-")


def test_the_page_reads_each_subject_model_once_not_once_per_row(
    world, ssc_secretariat_auditor, django_assert_num_queries
):
    c = _client(ssc_secretariat_auditor)
    url = reverse("core:audit_log")
    c.get(url)  # settle the session
    _events(world, 2)
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    _events(world, 10)
    with CaptureQueriesContext(connection) as large:
        html = c.get(url).content.decode()
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # the SSC's Red rows are shown, TABASC's Red rows are withheld from the SSC secretariat
    assert "reason-decision-9-" in html and "reason-ssc-RED-9-" in html
    assert "reason-tabasc-9-" not in html and "reason-none-9-" in html
    # session, user, memberships, two-factor check, count, the page of events, then one read
    # per subject model on the page (highlights, decisions) whatever the number of rows
    with django_assert_num_queries(8):
        c.get(url)
