"""The home page per role (issue 15): the next Panel paper's readiness for the secretariat,
papers to read for a body member, follows and open consultations for a SEC Party's person;
hidden records count as none, and each role's page costs the same queries whatever the rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secpanel.bodies.models import Membership
from secpanel.core.classification import Classification
from secpanel.documents.models import Consultation
from secpanel.meetings.models import Decision, Highlight, Meeting, Paper
from secpanel.modifications.models import Modification
from secpanel.notifications.models import Follow
from secpanel.reports.compiler import reporting_period, working_days_before
from secpanel.reports.models import BlockKind, ReportBlock, ReportConfiguration, ReportSection

pytestmark = pytest.mark.django_db

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _page(user=None) -> str:
    response = _client(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, testid: str) -> str:
    """The part of the page with that test id (the next paper's card ends where the drafts
    list begins; the others are sections)."""
    marker = f'data-testid="{testid}"'
    assert marker in html, f"no {testid} on the page"
    end = "Panel papers to compile" if testid == "next-paper" else "</section>"
    return html.split(marker, 1)[1].split(end, 1)[0]


@pytest.fixture
def next_panel(world):
    """The next Panel meeting (no. 90, in three weeks), a configuration reporting on the SSC
    (world.owner) and TABASC (world.other), and the month its paper covers."""
    config = ReportConfiguration.objects.create(
        name="Home test", purpose="P.", is_default=True, paper_days_before=5
    )
    section = ReportSection.objects.create(configuration=config, position=1, heading="S")
    for i, body in enumerate((world.owner, world.other), start=1):
        ReportBlock.objects.create(
            section=section, position=i, body=body, kind=BlockKind.HIGHLIGHTS
        )
    starts = timezone.now() + datetime.timedelta(days=21)
    meeting = Meeting.objects.create(body=world.panel, number=90, starts_at=starts)
    start, end = reporting_period(working_days_before(meeting.date, 5))
    return meeting, start, end


def _decision(world, body, level, day, text="D"):
    return Decision.objects.create(
        owning_body=body, classification=level, date=day, verb="set", text=text
    )


def test_the_secretariat_sees_which_bodies_are_ready_for_the_next_panel_paper(world, next_panel):
    _meeting, start, _end = next_panel
    _decision(world, world.owner, A, start + datetime.timedelta(days=3))
    # TABASC's only record is Red: the SSC's secretariat may not read it, so for them TABASC
    # has no records (hidden looks like missing); TABASC's own secretariat counts it
    Highlight.objects.create(
        owning_body=world.other, classification=R, heading="Secret", text="T", period=start
    )
    ssc_sec = _page(world.users["owner_secretariat"])
    card = _card(ssc_sec, "next-paper")
    assert f"for {start:%B %Y}" in card and "not compiled yet" in card
    assert "1 of 2 bodies ready; TABASC has no records yet" in card
    assert "Secret" not in ssc_sec
    tabasc_sec = _card(_page(world.users["other_body_secretariat"]), "next-paper")
    assert "1 of 2 bodies ready; SSC has no records yet" in tabasc_sec
    # not the secretariat of any body: no card
    assert 'data-testid="next-paper"' not in _page(world.users["owner_member"])
    assert 'data-testid="next-paper"' not in _page()


def test_a_past_meeting_still_planned_keeps_its_body_from_being_ready(world, next_panel):
    _meeting, start, _end = next_panel
    _decision(world, world.owner, W, start + datetime.timedelta(days=1))
    _decision(world, world.other, W, start + datetime.timedelta(days=2))
    day = datetime.datetime.combine(start + datetime.timedelta(days=9), datetime.time(10))
    Meeting.objects.create(body=world.other, status="planned", starts_at=timezone.make_aware(day))
    card = _card(_page(world.users["owner_secretariat"]), "next-paper")
    assert "1 of 2 bodies ready; TABASC: records to settle" in card
    assert f"the meeting of {day:%-d %B} is still Planned" in card


def test_the_panel_secretariat_is_offered_to_compile_it(world, next_panel):
    sec = world.users["owner_secretariat"]
    Membership.objects.create(user=sec, body=world.panel, role="secretariat")
    card = _card(_page(sec), "next-paper")
    assert "Compile it" in card and "0 of 2 bodies ready" in card
    other = _card(_page(world.users["other_body_secretariat"]), "next-paper")
    assert "Compile it" not in other


def _ssc_meeting(world, days: int) -> Meeting:
    return Meeting.objects.create(
        body=world.owner, starts_at=timezone.now() + datetime.timedelta(days=days)
    )


def _paper(world, meeting, ref, level):
    return Paper.objects.create(
        meeting=meeting,
        owning_body=meeting.body,
        classification=level,
        reference=ref,
        title=f"Title {ref}",
        date=timezone.localdate(),
    )


def test_a_member_sees_the_papers_of_their_bodies_coming_meetings(world):
    soon = _ssc_meeting(world, 10)
    later = _ssc_meeting(world, 90)  # beyond the 60 days
    _paper(world, soon, "SSC_PAPER_A", A)
    _paper(world, later, "SSC_PAPER_LATE", W)
    tabasc = Meeting.objects.create(
        body=world.other, starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    _paper(world, tabasc, "TABASC_PAPER", W)
    member = _card(_page(world.users["owner_member"]), "papers-to-read")
    assert "SSC_PAPER_A" in member
    assert "SSC_PAPER_LATE" not in member and "TABASC_PAPER" not in member  # not theirs
    observer = _page(world.users["owner_observer"])  # reads Amber of the SSC
    assert "SSC_PAPER_A" in _card(observer, "papers-to-read")
    other = _card(_page(world.users["other_body_member"]), "papers-to-read")
    assert "TABASC_PAPER" in other and "SSC_PAPER_A" not in other
    assert 'data-testid="papers-to-read"' not in _page(world.users["party"])  # no seat
    assert 'data-testid="papers-to-read"' not in _page()


def test_a_party_user_sees_what_they_follow_and_the_consultations_open(world):
    party = world.users["party"]
    followed = Modification.objects.create(
        owning_body=world.owner, classification=G, reference="SECMP0701", title="Followed"
    )
    lifted = Modification.objects.create(
        owning_body=world.owner, classification=A, reference="SECMP0702", title="Raised since"
    )
    Modification.objects.create(
        owning_body=world.owner, classification=G, reference="SECMP0703", title="Not followed"
    )
    for m in (followed, lifted):  # followed when both were Green; one is Amber now
        Follow.objects.create(user=party, kind="modification", modification=m)
    Consultation.objects.create(
        owning_body=world.owner,
        classification=G,
        title="Open review",
        status="open",
        closes_on=timezone.localdate() + datetime.timedelta(days=45),
    )
    Consultation.objects.create(
        owning_body=world.owner,
        classification=A,
        title="Amber review",
        status="open",
        closes_on=timezone.localdate() + datetime.timedelta(days=45),
    )
    html = _page(party)
    card = _card(html, "party-follows")
    assert "SECMP0701" in card and "SECMP0703" not in card
    assert "SECMP0702" not in html and "Raised since" not in html  # hidden looks like none
    assert "Open review" in card and "Amber review" not in html
    assert 'data-testid="party-follows"' not in _page()


ROLES = ("anonymous", "party", "owner_member", "owner_secretariat")


def _rows(world, start: datetime.date, offset: int, n: int) -> None:
    """n of each kind of row the home page lists, for every role's part of it."""
    party = world.users["party"]
    for i in range(offset, offset + n):
        level = (W, G, A)[i % 3]
        _decision(world, world.owner, level, start + datetime.timedelta(days=1))
        Highlight.objects.create(
            owning_body=world.other, classification=level, heading=f"H{i}", text="T", period=start
        )
        _paper(world, _ssc_meeting(world, 5 + i), f"SSC_P_{i}", level)
        m = Modification.objects.create(
            owning_body=world.owner, classification=G, reference=f"SECMP{800 + i:04d}", title="M"
        )
        Follow.objects.create(user=party, kind="modification", modification=m)
        Consultation.objects.create(
            owning_body=world.owner,
            classification=level,
            title=f"C{i}",
            status="open",
            closes_on=timezone.localdate() + datetime.timedelta(days=10 + i),
        )


# queries of the home page per role; the same with two rows of everything and with six
HOME_QUERIES = {"anonymous": 5, "party": 13, "owner_member": 15, "owner_secretariat": 26}


def test_the_home_page_costs_the_same_queries_per_role_whatever_the_rows(world, next_panel):
    _meeting, start, _end = next_panel
    clients = {role: _client(world.users.get(role)) for role in ROLES}
    for client in clients.values():
        client.get("/")  # settle the session

    def measure() -> dict[str, int]:
        counts = {}
        for role, client in clients.items():
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/").status_code == 200
            counts[role] = len(queries)
        return counts

    _rows(world, start, 0, 2)
    small = measure()
    _rows(world, start, 2, 4)
    large = measure()
    assert small == large, (small, large)
    assert small == HOME_QUERIES
