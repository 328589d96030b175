"""The audit log's filters (actor, kind, record type, days), its field errors (400), its
subjects as links for those who may read them, and its pages without a count of the table."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.services import record_event
from secpanel.meetings.models import Decision, Highlight

pytestmark = pytest.mark.django_db

G, R = Classification.GREEN, Classification.RED
URL = "/audit/"


def _auditor(world) -> Client:
    c = Client()
    c.force_login(world.users["auditor"])
    return c


def _highlight(world, level, heading="H") -> Highlight:
    return Highlight.objects.create(
        owning_body=world.owner,
        classification=level,
        heading=heading,
        text="T",
        period=datetime.date(2019, 4, 1),
    )


@pytest.fixture
def events(world):
    sec, other = world.users["owner_secretariat"], world.users["other_body_secretariat"]
    green = _highlight(world, G, "Green one")
    red = _highlight(world, R, "Red one")
    decision = Decision.objects.create(
        owning_body=world.owner, classification=G, date=datetime.date(2019, 4, 2), verb="set"
    )
    made = {
        "green": record_event(kind="meetings.highlight_noted", actor=sec, subject=green),
        "red": record_event(kind="meetings.highlight_noted", actor=sec, subject=red),
        "decision": record_event(kind="meetings.decision_noted", actor=other, subject=decision),
        "bare": record_event(kind="test.plain", actor=other, reason="no subject"),
    }
    old = datetime.datetime(2020, 1, 15, 12, tzinfo=datetime.UTC)
    AuditEvent.objects.filter(pk=made["bare"].pk).update(at=old)
    return made


def _shown(response) -> set[int]:
    return {e.pk for e in response.context["events"]}


def test_the_filters_narrow_the_log(world, events):
    c = _auditor(world)
    ids = {k: e.pk for k, e in events.items()}
    by_actor = c.get(URL, {"actor": "other_body_secretariat"})
    assert by_actor.status_code == 200
    assert _shown(by_actor) == {ids["decision"], ids["bare"]}
    assert _shown(c.get(URL, {"kind": "meetings.decision_noted"})) == {ids["decision"]}
    every_meetings = _shown(c.get(URL, {"kind": "meetings"}))  # a namespace: every kind in it
    assert every_meetings == {ids["green"], ids["red"], ids["decision"]}
    assert _shown(c.get(URL, {"kind": "meetings."})) == every_meetings  # the old spelling
    by_type = _shown(c.get(URL, {"subject_type": "meetings.highlight"}))
    assert by_type == {ids["green"], ids["red"]}
    january = c.get(URL, {"start": "2020-01-15", "end": "2020-01-15"})
    assert _shown(january) == {ids["bare"]}
    assert ids["bare"] not in _shown(c.get(URL, {"start": "2020-01-16"}))
    both = c.get(URL, {"actor": "owner_secretariat", "subject_type": "meetings.highlight"})
    assert _shown(both) == {ids["green"], ids["red"]}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"actor": "nobody-here"}, "actor", "No account is named “nobody-here”."),
        ({"kind": "no.such_kind"}, "kind", "Select a valid choice."),
        ({"subject_type": "nope.model"}, "subject_type", "Select a valid choice."),
        ({"start": "2019-13-45"}, "start", "Enter a valid date."),
        ({"start": "1066-10-14"}, "start", "between"),
        ({"start": "2020-02-01", "end": "2020-01-01"}, "end", "comes before the first"),
        ({"actor": ["a", "b"]}, "actor", "Give one value"),
    ],
)
def test_a_bad_filter_is_a_400_with_its_field_named(world, events, query, field, message):
    response = _auditor(world).get(URL, query)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert any(message in e for e in errors[field]), errors
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html and 'aria-invalid="true"' in html
    assert response.context["events"] == []


def test_a_subject_is_a_link_only_when_the_reader_may_read_it(world, events):
    html = _auditor(world).get(URL).content.decode()
    green, red = events["green"], events["red"]
    green_url = reverse("core:record", args=["meetings", "highlight", green.subject_id])
    red_url = reverse("core:record", args=["meetings", "highlight", red.subject_id])
    assert f'href="{green_url}"' in html
    assert f"meetings.highlight #{red.subject_id}" in html and red_url not in html
    # the link opens the record's page; for anyone else it is missing
    c = _auditor(world)
    assert (
        c.get(green_url)["Location"]
        == Highlight.objects.unrestricted().get(pk=green.subject_id).get_absolute_url()
    )
    missing = reverse("core:record", args=["meetings", "highlight", 999999])
    assert c.get(red_url).status_code == c.get(missing).status_code == 404
    assert c.get(reverse("core:record", args=["meetings", "meeting", 1])).status_code == 404


def test_the_log_reads_no_count_and_pages_by_one_row_more(world, events, settings):
    from secpanel.core import views

    c = _auditor(world)
    c.get(URL)
    with CaptureQueriesContext(connection) as queries:
        first = c.get(URL)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert first.context["next"] is None and first.context["previous"] is None
    original = views.AUDIT_PAGE
    views.AUDIT_PAGE = 2
    try:
        page1 = c.get(URL, {"kind": "meetings"})
        page2 = c.get(URL, {"kind": "meetings", "page": "2"})
    finally:
        views.AUDIT_PAGE = original
    assert len(page1.context["events"]) == 2 and page1.context["next"] == 2
    assert len(page2.context["events"]) == 1 and page2.context["next"] is None
    assert "kind=meetings&amp;page=2" in page1.content.decode()  # the filter is kept
    assert not _shown(page1) & _shown(page2)


def test_only_auditors_read_the_log_whatever_the_filter(world, events):
    for role in ("owner_secretariat", "panel_member", "administrator"):
        c = Client()
        c.force_login(world.users[role])
        assert c.get(URL, {"actor": "nobody-here"}).status_code == 404
    assert Client().get(URL, {"kind": "meetings"}).status_code == 404
